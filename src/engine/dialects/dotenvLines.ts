// Reads .env lines the way the `dotenv` package does: `export ` prefix, KEY=VALUE or KEY: VALUE,
// single/double/back quotes (may span lines), `#` comments, CRLF. Linear: a quote that never
// closes is remembered, so it is not searched for again.
import type { Span } from '../model/span';
import { isSpace } from './text';

export interface EnvEntry {
  key: string;
  /** `KEY=value` from the key to the end of the value (closing quote included). */
  span: Span;
  /** The value as written, inside its quotes. */
  valueSpan: Span;
  /** The value as dotenv gives it (`\n` expanded in double quotes). */
  value: string;
  quote: '' | '"' | "'" | '`';
  exported: boolean;
}

export function readEnvLines(text: string): EnvEntry[] {
  const out: EnvEntry[] = [];
  const unclosed = new Set<string>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not part of the first key
  while (i < text.length) {
    const next = readEntry(text, i, unclosed, out);
    i = next > i ? next : i + 1;
  }
  return out;
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

function toLineEnd(text: string, i: number): number {
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

function nextLine(text: string, i: number): number {
  const e = toLineEnd(text, i);
  if (text[e] === '\r' && text[e + 1] === '\n') return e + 2;
  return e + 1;
}

/** Reads the entry that starts on the line at `i`; returns where the next line starts. */
function readEntry(text: string, i: number, unclosed: Set<string>, out: EnvEntry[]): number {
  let p = skipBlanks(text, i);
  let exported = false;
  if (text.startsWith('export', p) && (text[p + 6] === ' ' || text[p + 6] === '\t')) {
    exported = true;
    p = skipBlanks(text, p + 6);
  }
  const keyStart = p;
  while (p < text.length && /[A-Za-z0-9_.-]/.test(text[p])) p++;
  if (p === keyStart) return nextLine(text, i);
  const key = text.slice(keyStart, p);
  p = skipBlanks(text, p);
  if (text[p] !== '=' && text[p] !== ':') return nextLine(text, i);
  p = skipBlanks(text, p + 1);
  const q = text[p];
  if ((q === '"' || q === "'" || q === '`') && !unclosed.has(q)) {
    const close = closingQuote(text, p + 1, q);
    if (close >= 0) {
      const raw = text.slice(p + 1, close);
      const value = q === '"' ? raw.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : raw;
      out.push({ key, span: { start: keyStart, end: close + 1 }, valueSpan: { start: p + 1, end: close }, value, quote: q, exported });
      return nextLine(text, close + 1);
    }
    unclosed.add(q);
  }
  let e = p;
  while (e < text.length && text[e] !== '#' && text[e] !== '\n' && text[e] !== '\r') e++;
  let ve = e;
  while (ve > p && isSpace(text[ve - 1])) ve--;
  out.push({ key, span: { start: keyStart, end: ve }, valueSpan: { start: p, end: ve }, value: text.slice(p, ve), quote: '', exported });
  return nextLine(text, e);
}

function closingQuote(text: string, from: number, q: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === q) return i;
  }
  return -1;
}
