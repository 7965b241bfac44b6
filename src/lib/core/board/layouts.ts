/**
 * Layouts a facilitator can start a board from. Applying one replaces the previous layout's elements (and only
 * those: what people drew stays) and puts the new ones beneath everything, in one undoable transaction.
 */
import type * as Y from 'yjs';
import { DEFAULT_FONT_SIZE, INK_COLOURS } from './elements';
import { type NewElement, addElement, boardElements, deleteElements } from './document';
import { zBelow } from './order';

export const LAYOUTS = [
  { name: 'blank', label: 'Blank' },
  { name: 'pros-cons', label: 'Pros and cons (2 × 2 grid)' },
  { name: 'thought-feeling-behaviour', label: 'Thoughts, feelings, behaviours triangle' },
  { name: 'timeline', label: 'Timeline' }
] as const;

export type LayoutName = (typeof LAYOUTS)[number]['name'];

export function isLayoutName(value: unknown): value is LayoutName {
  return LAYOUTS.some((layout) => layout.name === value);
}

type WithoutAuthor<T> = T extends NewElement ? Omit<T, 'author' | 'colour'> & { colour?: string } : never;
type LayoutElement = WithoutAuthor<NewElement>;

const INK = INK_COLOURS[0].value;
const GUIDE = '#6b7780';

function label(text: string, x: number, y: number, fontSize = DEFAULT_FONT_SIZE): LayoutElement {
  const w = Math.max(80, Math.ceil(text.length * fontSize * 0.6));
  return { kind: 'text', text, x, y, w, h: Math.ceil(fontSize * 1.25), fontSize };
}

function line(x1: number, y1: number, x2: number, y2: number, kind: 'line' | 'arrow' = 'line'): LayoutElement {
  return { kind, x1, y1, x2, y2, width: 3, colour: GUIDE };
}

/** The layout's elements in a 1200 × 800 frame at the origin. */
export function layoutElements(name: LayoutName): LayoutElement[] {
  switch (name) {
    case 'blank':
      return [];
    case 'pros-cons':
      return [
        line(600, 0, 600, 800),
        line(0, 400, 1200, 400),
        label('Pros of changing', 24, 20),
        label('Cons of changing', 624, 20),
        label('Pros of staying the same', 24, 420),
        label('Cons of staying the same', 624, 420)
      ];
    case 'thought-feeling-behaviour': {
      const corners = [
        { text: 'Thoughts', x: 600, y: 110 },
        { text: 'Feelings', x: 200, y: 680 },
        { text: 'Behaviours', x: 1000, y: 680 }
      ];
      const ovals: LayoutElement[] = corners.flatMap(({ text, x, y }) => [
        { kind: 'ellipse', x: x - 140, y: y - 70, w: 280, h: 140, width: 3, fill: null, colour: GUIDE } as LayoutElement,
        label(text, x - (text.length * DEFAULT_FONT_SIZE * 0.6) / 2, y - 15)
      ]);
      return [
        ...ovals,
        line(520, 190, 270, 600, 'arrow'),
        line(360, 690, 840, 690, 'arrow'),
        line(930, 600, 680, 190, 'arrow')
      ];
    }
    case 'timeline': {
      const stops = ['Before', 'Then', 'Now', 'Next'];
      return [
        line(40, 400, 1160, 400, 'arrow'),
        ...stops.flatMap((text, index) => {
          const x = 160 + index * 280;
          return [line(x, 380, x, 420), label(text, x - 40, 430)];
        })
      ];
    }
  }
}

/** Ids of the elements a layout placed. */
export function layoutElementIds(doc: Y.Doc): string[] {
  const ids: string[] = [];
  boardElements(doc).forEach((element, id) => {
    if (element.get('layout') === true) ids.push(id);
  });
  return ids;
}

/** Replaces the board's layout with `name` (blank removes it); returns the new elements' ids. */
export function applyLayout(doc: Y.Doc, name: LayoutName, author: string, origin: unknown): string[] {
  const added: string[] = [];
  doc.transact(() => {
    deleteElements(doc, layoutElementIds(doc), origin);
    const specs = layoutElements(name);
    const bottom = zBelow(boardElements(doc)) - specs.length;
    specs.forEach((spec, index) => {
      const element = { ...spec, colour: spec.colour ?? INK, author, layout: true, z: bottom + index } as NewElement;
      added.push(addElement(doc, element, origin));
    });
  }, origin);
  return added;
}
