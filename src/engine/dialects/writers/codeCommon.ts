// Pieces the code writers share: adding entries to a bracketed container in its own layout, and
// escaping a value for the string it goes into.
import type { Span, TextEdit } from '../../model/span';

/**
 * Entries inserted before a container's closing bracket (`{…}`, `(…)`, `[…]`): after the last
 * entry, on lines of their own with its indentation when the container spans lines, keeping a
 * trailing comma when it had one; `{ a }` / `(a)` when it was empty.
 */
export function placeIn(text: string, container: Span, entries: string[], pad = ' '): TextEdit {
  let i = container.end - 2;
  while (i > container.start && /\s/.test(text[i])) i--;
  if (i <= container.start) return { span: { start: container.start + 1, end: container.end - 1 }, newText: `${pad}${entries.join(', ')}${pad}` };
  const trailing = text[i] === ',';
  const at = i + 1;
  if (text.slice(container.start, container.end).includes('\n')) {
    const indent = indentOfLine(text, container.start, trailing ? i : at);
    const lines = entries.map((e) => `\n${indent}${e}`).join(',');
    return { span: { start: at, end: at }, newText: trailing ? `${lines},` : `,${lines}` };
  }
  return { span: { start: at, end: at }, newText: trailing ? ` ${entries.join(', ')},` : `, ${entries.join(', ')}` };
}

/** The indentation of the line holding the last entry (the opening line of a nested bracket). */
function indentOfLine(text: string, start: number, lastEnd: number): string {
  let lineStart = text.lastIndexOf('\n', lastEnd - 1) + 1;
  if (lineStart <= start) lineStart = start + 1;
  let i = lineStart;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (')]}'.includes(text[i] ?? '')) {
    const open = text.lastIndexOf('\n', text.lastIndexOf(bracketOpen(text[i]), lastEnd - 1)) + 1;
    let j = Math.max(open, start + 1);
    const from = j;
    while (text[j] === ' ' || text[j] === '\t') j++;
    return text.slice(from, j);
  }
  return text.slice(lineStart, i);
}

function bracketOpen(close: string): string {
  return close === ')' ? '(' : close === ']' ? '[' : '{';
}

/** The value escaped for a string in quote `q` (backslashes, that quote, line breaks). */
export function escapeIn(value: string, q: string | undefined): string {
  let out = value.replace(/\\/g, '\\\\');
  if (q === "'" || q === '"' || q === '`') out = out.split(q).join(`\\${q}`);
  return out.replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Whether text[s] is the content of a quoted string (the same quote on both sides). */
export function quotedAt(text: string, s: Span): string | undefined {
  const q = text[s.start - 1];
  return (q === "'" || q === '"' || q === '`') && text[s.end] === q ? q : undefined;
}

/** The file's own quote: the first string literal's kind. */
export function fileQuote(text: string): string {
  return /['"]/.exec(text)?.[0] === '"' ? '"' : "'";
}
