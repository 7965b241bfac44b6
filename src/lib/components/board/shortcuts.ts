/** The board's keyboard shortcuts: a key press (outside text fields) → what it does. */
import { type ToolName, toolForKey } from './tools';

export type BoardShortcut =
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'delete' }
  | { type: 'deselect' }
  | { type: 'hold-space' }
  | { type: 'zoom'; factor: number }
  | { type: 'tool'; tool: ToolName };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export const ZOOM_IN = 1.25;
export const ZOOM_OUT = 0.8;

/** Ctrl (Cmd on a Mac) Z undoes, with Shift (or Ctrl Y) redoes; Delete removes the selection; letters pick tools. */
export function shortcutFor(press: KeyPress, hasSelection: boolean): BoardShortcut | null {
  const mod = press.ctrlKey || press.metaKey;
  const key = press.key.toLowerCase();
  if (mod && key === 'z') return press.shiftKey ? { type: 'redo' } : { type: 'undo' };
  if (mod && key === 'y') return { type: 'redo' };
  if (press.key === 'Delete' || press.key === 'Backspace') return hasSelection ? { type: 'delete' } : null;
  if (press.key === 'Escape') return { type: 'deselect' };
  if (press.key === ' ') return { type: 'hold-space' };
  if (mod || press.altKey) return null;
  if (press.key === '+' || press.key === '=') return { type: 'zoom', factor: ZOOM_IN };
  if (press.key === '-') return { type: 'zoom', factor: ZOOM_OUT };
  const tool = toolForKey(press.key);
  return tool ? { type: 'tool', tool } : null;
}

/** Shortcuts the browser must not also act on (its own undo, page scrolling back on Backspace). */
export function claimsKey(shortcut: BoardShortcut): boolean {
  return shortcut.type === 'undo' || shortcut.type === 'redo' || shortcut.type === 'delete';
}
