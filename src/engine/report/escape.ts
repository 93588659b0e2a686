/**
 * Text from outside (certificate names, connection labels, server messages) made to render as
 * written in Markdown. Line breaks become spaces, so a value cannot start a new block or table
 * row; then inline syntax is escaped everywhere (`$` too: VS Code reads `$(name)` as an icon),
 * and block syntax only where it can act, at the start.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]()!|<>~$]/g, '\\$&')
    .replace(/^(\s*)([#+=-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** The text as inline code: a backtick inside would end the span early, so it becomes a quote. */
export function inlineCode(s: string): string {
  return `\`${s.replace(/\r?\n|\r/g, ' ').replace(/`/g, "'")}\``;
}

// C0 and C1 controls, DEL, and the invisible direction marks and overrides (which reorder what a
// terminal shows): none of them belongs raw in a line a terminal prints.
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/**
 * A value read from outside (a host, a user, a path, a server's message) as it may be printed on
 * a terminal: every control character is shown as an escape (`\e`, `\n`, `\x07`, `\u202e`), so
 * it can neither move the cursor, recolour, retitle the terminal, nor start a line of its own.
 * `keepLineBreaks` leaves `\n` alone, for prose the program itself split into paragraphs.
 */
export function terminalText(s: string, keepLineBreaks = false): string {
  return s.replace(TERMINAL_UNSAFE, (c) => {
    if (keepLineBreaks && c === '\n') return c;
    if (NAMED[c]) return NAMED[c];
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Fields whose line breaks are the program's own paragraphs (a finding's detail). */
const PROSE_KEYS = new Set(['detail']);

/**
 * The one path every CLI text surface takes: a copy of a result (report, scan, explanation,
 * certificate set) with every string made terminalText. Only prose fields keep their line breaks.
 */
export function terminalSafe<T>(value: T, key = ''): T {
  if (typeof value === 'string') return terminalText(value, PROSE_KEYS.has(key)) as T;
  if (Array.isArray(value)) return value.map((v) => terminalSafe(v, key)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = terminalSafe(v, k);
    return out as T;
  }
  return value;
}
