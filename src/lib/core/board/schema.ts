/** Boards as the API sees them: request schemas and wire shapes. The drawing model inside a board is a later issue. */
import { z } from 'zod';

const title = z.string().trim().min(1, 'Give the board a title.').max(120, 'Use at most 120 characters.');

export const createBoardSchema = z.object({ title });
export type CreateBoardInput = z.infer<typeof createBoardSchema>;

export const updateBoardSchema = z
  .object({ title, locked: z.boolean(), archived: z.boolean() })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'Nothing to change.');
export type UpdateBoardInput = z.infer<typeof updateBoardSchema>;

const label = z.string().trim().min(1, 'Give the version a label.').max(120, 'Use at most 120 characters.');
export const createVersionSchema = z.object({ label });

export interface Board {
  id: string;
  groupId: string;
  title: string;
  /** The Yjs document name: connect to `/collab/<docName>`. */
  docName: string;
  locked: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  /** When the relay last accepted a change to its drawing; null if never drawn on. */
  lastEditedAt: string | null;
}

export interface BoardVersion {
  id: string;
  label: string;
  /** The session whose end produced it, for automatic versions. */
  sessionId: string | null;
  createdAt: string;
  createdBy: string | null;
}
