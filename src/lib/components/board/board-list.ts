/** Pure helpers for lists of a group's boards: order, the one to show in the room, and what a person may do there. */
import type { Board } from '$lib/core/board/schema';

/** When the board last changed: its last drawing, else its creation. */
export const lastActivity = (board: Board): string => board.lastEditedAt ?? board.createdAt;

/** Boards in use first, most recently edited first; archived ones after them. */
export function sortBoards(boards: readonly Board[]): Board[] {
  return [...boards].sort(
    (a, b) => Number(a.archived) - Number(b.archived) || lastActivity(b).localeCompare(lastActivity(a)) || a.title.localeCompare(b.title)
  );
}

/** The board the room shows when no one picked one: the most recently edited board that is not archived. */
export function mostRecentBoard(boards: readonly Board[]): Board | null {
  return sortBoards(boards).find((board) => !board.archived) ?? null;
}

/**
 * Whether this person may draw on the board as far as the page knows (the relay has the last word and can say
 * read-only at any time): archived boards are read only for everyone, locked ones for participants.
 */
export function mayDraw(board: Pick<Board, 'locked' | 'archived'>, facilitating: boolean): boolean {
  if (board.archived) return false;
  return facilitating || !board.locked;
}
