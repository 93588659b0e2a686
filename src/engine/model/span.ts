/**
 * Source locations. Offsets are UTF-16 code unit offsets into the file text, exactly as
 * JavaScript strings and VS Code's `TextDocument.positionAt` count them, so a span read here
 * can be handed to the editor without conversion. Lines and columns are derived on demand.
 */
export interface Span {
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** A 0-based line/character position, as VS Code's `Position`. */
export interface Position {
  line: number;
  character: number;
}

/** A text replacement: the writers return these; applying them changes only `span`. */
export interface TextEdit {
  span: Span;
  newText: string;
}

/** Maps offsets to 0-based line/character positions in O(log n) after one linear pass. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.lineStarts.push(i + 1);
    }
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo] };
  }

  offsetAt(pos: Position): number {
    const line = Math.max(0, Math.min(pos.line, this.lineStarts.length - 1));
    return Math.min(this.lineStarts[line] + Math.max(0, pos.character), this.text.length);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/** Applies non-overlapping edits to `text` (order-independent). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
