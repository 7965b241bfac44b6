/** Wrapping the text of sticky notes and labels into lines, with a pluggable width measure (canvas or estimate). */

export type MeasureText = (text: string) => number;

/** A width estimate for when no canvas is at hand (SVG export, hit boxes): average glyph width. */
export function estimateMeasure(fontSize: number): MeasureText {
  return (text) => text.length * fontSize * 0.55;
}

export const LINE_HEIGHT = 1.25;

/** Splits text into lines no wider than `width`: explicit line breaks kept, long words broken. */
export function wrapText(text: string, width: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(\s+)/)) {
      const candidate = line + word;
      if (measure(candidate) <= width || line === '') {
        line = candidate;
      } else {
        lines.push(line.trimEnd());
        line = word.trimStart();
      }
      while (measure(line) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && measure(line.slice(0, cut)) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Lines that fit in a height at a line height; the last visible one ends with an ellipsis when text was cut. */
export function fitLines(lines: string[], height: number, fontSize: number): string[] {
  const max = Math.max(1, Math.floor(height / (fontSize * LINE_HEIGHT)));
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = `${kept[max - 1].replace(/\s*\S?$/, '')}…`;
  return kept;
}
