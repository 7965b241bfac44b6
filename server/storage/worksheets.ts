/**
 * Storage of worksheets: custom templates with their version history and group shares, worksheets and their copies
 * (each copy is a row of the documents table, served by the relay as `worksheet:<uuid>`).
 */
import type { Template } from '../../src/lib/core/worksheet/template';
import type { WorksheetMode } from '../../src/lib/core/worksheet/modes';

export interface TemplateRecord {
  id: string;
  version: number;
  ownerId: string;
  template: Template;
  createdAt: Date;
}

export interface WorksheetRecord {
  id: string;
  groupId: string;
  sessionId: string | null;
  templateId: string;
  templateVersion: number;
  /** The template as it was when the worksheet started. */
  template: Template;
  mode: WorksheetMode;
  title: string;
  homeworkDue: Date | null;
  /** Homework due by this session of the group (it opens there for review). */
  dueSessionId: string | null;
  /** Teaching one section at a time: participants see sections 0..revealedThrough; null shows them all. */
  revealedThrough: number | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface CopyRecord {
  documentId: string;
  docName: string;
  worksheetId: string;
  ownerId: string | null;
  ownerName: string | null;
  sharedWithGroup: boolean;
  /** A facilitator locked the worksheet: participants read it, facilitators still write. */
  locked: boolean;
  /** Read-only for everyone (a breakout's pair copies once the pairs returned). */
  archived: boolean;
  sharedAt: Date | null;
  lastEditedAt: Date | null;
  /** A breakout pair's copy: the pair's id in the room and its members; null for every other copy. */
  pairId: string | null;
  pairMembers: string[] | null;
}

export interface NewCopy {
  documentId: string;
  docName: string;
  ownerId: string | null;
  /** A breakout pair's copy: the pair's id and members (taken from the room state, never from a request). */
  pair?: { id: string; members: string[] };
  /** The document's first logged update (the server-made empty worksheet), so browsers never race to create it. */
  initialUpdate: Uint8Array;
}

export interface WorksheetStorage {
  /** Saves a template version; undefined when that (id, version) exists already (a concurrent edit). */
  saveTemplate(record: Omit<TemplateRecord, 'createdAt'>): Promise<TemplateRecord | undefined>;
  /** The latest version, or the given one. */
  template(id: string, version?: number): Promise<TemplateRecord | undefined>;
  /** Latest version of every template the person owns. */
  templatesOwnedBy(ownerId: string): Promise<TemplateRecord[]>;
  /** Latest version of every template shared with any of these groups. */
  templatesSharedWith(groupIds: string[]): Promise<TemplateRecord[]>;
  /** Template id -> the groups it is shared with. */
  templateShares(templateIds: string[]): Promise<Map<string, string[]>>;
  shareTemplate(templateId: string, groupId: string, sharedBy: string): Promise<void>;

  /** Creates the worksheet, its copies' documents and their first updates in one transaction. */
  createWorksheet(worksheet: Omit<WorksheetRecord, 'createdAt' | 'revealedThrough'>, copies: NewCopy[], at: Date): Promise<WorksheetRecord>;
  worksheet(id: string): Promise<WorksheetRecord | undefined>;
  /** Newest first. */
  worksheetsOfGroup(groupId: string): Promise<WorksheetRecord[]>;
  /** Sets how far the worksheet is revealed; undefined when there is no such worksheet. */
  setRevealedThrough(id: string, revealedThrough: number | null): Promise<WorksheetRecord | undefined>;
  /** Every worksheet in which this person has their own copy, with that copy, newest first (across groups). */
  worksheetsWithCopiesOf(ownerId: string): Promise<{ worksheet: WorksheetRecord; copy: CopyRecord }[]>;
  /** Copies of several worksheets, ordered by owner name (the shared copy first). */
  copiesOf(worksheetIds: string[]): Promise<CopyRecord[]>;
  /** Marks an individual copy as shared with the group; returns it, or undefined when it is not a copy of this worksheet. */
  shareCopy(worksheetId: string, documentId: string, at: Date): Promise<CopyRecord | undefined>;
  /** Archives every copy of a worksheet (a breakout's pair worksheets once the pairs return): read-only from then on. */
  archiveCopies(worksheetId: string, at: Date): Promise<CopyRecord[]>;
}
