import { describe, expect, it } from 'vitest';
import { boardDocName, isDocName, parseDocName, sessionIdOfDocName, sessionStateDocName, worksheetDocName } from './names';

const id = '6f1c2b9e-1d2a-4c3b-9a8e-0123456789ab';

describe('document names', () => {
  it('are made as kind:uuid and parsed back', () => {
    expect(boardDocName(id)).toBe(`board:${id}`);
    expect(parseDocName(worksheetDocName(id))).toEqual({ kind: 'worksheet', id });
    expect(sessionIdOfDocName(sessionStateDocName(id))).toBe(id);
    expect(sessionIdOfDocName(boardDocName(id))).toBeUndefined();
  });

  it('refuse anything else: unknown kinds, paths, capitals, a bare id', () => {
    expect(parseDocName(`whiteboard:${id}`)).toBeUndefined();
    expect(isDocName('board:../../etc')).toBe(false);
    expect(isDocName(`Board:${id}`)).toBe(false);
    expect(isDocName(id)).toBe(false);
    expect(sessionIdOfDocName(`session_state:${id}x`)).toBeUndefined();
  });
});
