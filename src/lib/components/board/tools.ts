/** The board's tools: names, visible labels, keyboard shortcuts, and which of them change the board. */

export const TOOLS = [
  { name: 'select', label: 'Select', key: 'v', draws: false },
  { name: 'hand', label: 'Move view', key: 'm', draws: false },
  { name: 'pen', label: 'Pen', key: 'p', draws: true },
  { name: 'highlighter', label: 'Highlighter', key: 'h', draws: true },
  { name: 'eraser', label: 'Eraser', key: 'e', draws: true },
  { name: 'line', label: 'Line', key: 'l', draws: true },
  { name: 'arrow', label: 'Arrow', key: 'a', draws: true },
  { name: 'rectangle', label: 'Rectangle', key: 'r', draws: true },
  { name: 'ellipse', label: 'Ellipse', key: 'o', draws: true },
  { name: 'sticky', label: 'Sticky note', key: 'n', draws: true },
  { name: 'text', label: 'Text', key: 't', draws: true }
] as const;

export type ToolName = (typeof TOOLS)[number]['name'];

export function toolForKey(key: string): ToolName | undefined {
  return TOOLS.find((tool) => tool.key === key.toLowerCase())?.name;
}

export function toolDraws(name: ToolName): boolean {
  return TOOLS.find((tool) => tool.name === name)?.draws ?? false;
}

/** Whether a key press belongs to a text field (and so is not a shortcut). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
