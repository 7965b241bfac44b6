import { describe, expect, it } from 'vitest';
import type { Board } from '$lib/core/board/schema';
import { boardDocName } from '$lib/core/documents/names';
import { mayDraw, mostRecentBoard, sortBoards } from './board-list';

const board = (id: string, fields: Partial<Board> = {}): Board => ({
  id,
  groupId: 'g',
  title: id,
  docName: boardDocName(id),
  locked: false,
  archived: false,
  createdAt: '2025-01-01T10:00:00.000Z',
  updatedAt: '2025-01-01T10:00:00.000Z',
  lastEditedAt: null,
  ...fields
});

describe('board lists', () => {
  it('puts boards in use first, most recently edited (or created) first', () => {
    const boards = [
      board('old', { lastEditedAt: '2025-01-02T10:00:00.000Z' }),
      board('archived', { archived: true, lastEditedAt: '2025-03-01T10:00:00.000Z' }),
      board('new-untouched', { createdAt: '2025-01-05T10:00:00.000Z' }),
      board('recent', { lastEditedAt: '2025-02-01T10:00:00.000Z' })
    ];
    expect(sortBoards(boards).map((b) => b.id)).toEqual(['recent', 'new-untouched', 'old', 'archived']);
    expect(mostRecentBoard(boards)?.id).toBe('recent');
    expect(mostRecentBoard([board('a', { archived: true })])).toBeNull();
  });

  it('lets facilitators draw on locked boards, nobody on archived ones', () => {
    expect(mayDraw({ locked: true, archived: false }, true)).toBe(true);
    expect(mayDraw({ locked: true, archived: false }, false)).toBe(false);
    expect(mayDraw({ locked: false, archived: false }, false)).toBe(true);
    expect(mayDraw({ locked: false, archived: true }, true)).toBe(false);
  });
});
