import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addElement, addStroke } from './document';
import { outlineToPath, strokeOutline } from './freehand';
import { readBoard } from './read';
import { boardToSvg, escapeXml } from './svg';
import { estimateMeasure, fitLines, wrapText } from './text-layout';
import { ANA, line } from './testing';

describe('boardToSvg', () => {
  it('draws every kind, in stacking order, framed around the content', () => {
    const doc = new Y.Doc();
    addStroke(doc, { author: ANA.id, colour: '#1b5fd1', width: 4, points: line }, ANA.origin);
    addStroke(doc, { author: ANA.id, colour: '#ffd400', width: 4, highlighter: true, points: line }, ANA.origin);
    addElement(doc, { kind: 'arrow', author: ANA.id, colour: '#c62828', x1: 0, y1: 0, x2: 100, y2: 0, width: 2 }, ANA.origin);
    addElement(doc, { kind: 'rectangle', author: ANA.id, colour: '#1f2a33', x: 0, y: 0, w: 50, h: 50, width: 2 }, ANA.origin);
    addElement(doc, { kind: 'ellipse', author: ANA.id, colour: '#1f2a33', x: 0, y: 0, w: 50, h: 30, width: 2 }, ANA.origin);
    addElement(doc, { kind: 'sticky', author: ANA.id, colour: '#fff1a8', x: 300, y: 400, w: 200, h: 200, text: 'Call a friend' }, ANA.origin);
    const svg = boardToSvg(readBoard(doc).items, { padding: 10, title: 'Coping <ideas>' });
    // The arrow reaches furthest up and left: half its width (1) and its head (10) past the origin, then 10 padding.
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="-21 -21 531 631" width="531" height="631">')).toBe(true);
    const order = ['fill="#1b5fd1"', 'fill-opacity="0.35"', '<polygon', '<rect x="0"', '<ellipse', 'fill="#fff1a8"', 'Call a friend'];
    const positions = order.map((needle) => svg.indexOf(needle));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(svg).toContain('<title>Coping &#60;ideas&#62;</title>');
  });

  it('escapes what people typed, so a note cannot inject markup', () => {
    const doc = new Y.Doc();
    addElement(doc, { kind: 'text', author: ANA.id, colour: '#1f2a33', x: 0, y: 0, w: 2000, h: 30, fontSize: 24, text: '</text><script>alert(1)</script>&' }, ANA.origin);
    const svg = boardToSvg(readBoard(doc).items);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;/text&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#38;');
    expect(escapeXml(`"'`)).toBe('&#34;&#39;');
  });

  it('frames an empty board with a blank page', () => {
    expect(boardToSvg([])).toContain('viewBox="-24 -24 448 348"');
  });
});

describe('freehand outline', () => {
  it('outlines a stroke as a closed path, wider for the highlighter', () => {
    const points = [0, 0, 0.5, 50, 0, 0.5, 100, 0, 0.5];
    const pen = strokeOutline({ points, width: 4, highlighter: false, done: true });
    const marker = strokeOutline({ points, width: 4, highlighter: true, done: true });
    const spread = (outline: number[][]) => Math.max(...outline.map((p) => p[1])) - Math.min(...outline.map((p) => p[1]));
    expect(spread(marker)).toBeGreaterThan(spread(pen));
    const path = outlineToPath(pen);
    expect(path).toMatch(/^M[-\d.]+ [-\d.]+(Q[-\d. ]+)+Z$/);
    expect(outlineToPath([])).toBe('');
  });
});

describe('text layout', () => {
  const measure = estimateMeasure(10); // 5.5 units per character

  it('wraps at spaces, keeps line breaks and breaks words longer than a line', () => {
    expect(wrapText('one two three', 45, measure)).toEqual(['one two', 'three']);
    expect(wrapText('a\nb', 100, measure)).toEqual(['a', 'b']);
    expect(wrapText('abcdefghijkl', 30, measure)).toEqual(['abcde', 'fghij', 'kl']);
  });

  it('cuts lines that do not fit in the height with an ellipsis', () => {
    expect(fitLines(['one', 'two', 'three'], 25, 10)).toEqual(['one', 'tw…']);
    expect(fitLines(['one'], 25, 10)).toEqual(['one']);
  });
});
