// Small helpers shared by every dialect reader and writer: spans, problems, percent-coding,
// bounded character searches (never scanning past the piece being read, so that many
// candidates on one huge line stay linear overall).
import type { Connection, Dialect, DriverId, ParamKey, ParamLocation, ParseProblem } from '../model/connection';
import { connectionLabel } from '../model/connection';
import type { Span } from '../model/span';

/** What a reader knows about where the text comes from. */
export interface ReadContext {
  file?: string;
  /** A driver suggested by the file (a prisma folder, a .php file...), used when the text says nothing. */
  driverHint?: DriverId;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function problem(message: string, start: number, end: number, severity: 'error' | 'warning' = 'error'): ParseProblem {
  return { message, span: { start, end }, severity };
}

export function location(key: string, start: number, end: number, valueStart: number, valueEnd: number): ParamLocation {
  return { key, span: { start, end }, valueSpan: { start: valueStart, end: valueEnd } };
}

export function newConnection(ctx: ReadContext, dialect: Dialect, form: string, driver: DriverId, at: Span): Connection {
  const c: Connection = {
    id: ctx.file !== undefined ? `${ctx.file}#${at.start}` : 'cli',
    label: '',
    dialect,
    form,
    driver,
    tls: {},
    span: at,
    params: {},
    problems: [],
  };
  if (ctx.file !== undefined) c.file = ctx.file;
  return c;
}

/** Fills the label once host/user/port are known. */
export function finish(c: Connection): Connection {
  c.label = connectionLabel(c);
  return c;
}

export function setParam(c: Connection, key: ParamKey, loc: ParamLocation): void {
  c.params[key] = loc;
}

/** Index of `ch` in text[from, end), or -1. */
export function findChar(text: string, ch: string, from: number, end: number): number {
  for (let i = from; i < end; i++) if (text[i] === ch) return i;
  return -1;
}

/** Index of the last `ch` in text[from, end), or -1. */
export function findLastChar(text: string, ch: string, from: number, end: number): number {
  for (let i = end - 1; i >= from; i--) if (text[i] === ch) return i;
  return -1;
}

export function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

export function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v';
}

/** Decodes %XX sequences; malformed ones are kept as written rather than failing. */
export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  // Malformed escapes go straight to the lenient path: exceptions are slow on hostile input.
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return lenientDecode(s);
  try {
    return decodeURIComponent(s);
  } catch {
    return lenientDecode(s);
  }
}

function lenientDecode(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const SAFE = /^[A-Za-z0-9\-._~/:,]$/;

/** Percent-encodes what a URL query or userinfo cannot hold as is; keeps paths readable. */
export function percentEncode(s: string, keep: RegExp = SAFE): string {
  let out = '';
  for (const ch of s) {
    if (keep.test(ch)) out += ch;
    else {
      try {
        out += encodeURIComponent(ch);
      } catch {
        out += '%EF%BF%BD'; // a lone surrogate: write U+FFFD rather than fail
      }
    }
  }
  return out;
}

/** The line ending a file uses (its first one), `\n` when it has none. */
export function lineEnding(text: string): string {
  const i = text.indexOf('\n');
  if (i > 0 && text[i - 1] === '\r') return '\r\n';
  if (i < 0 && text.includes('\r')) return '\r';
  return '\n';
}

/** The base name of a path, either separator. */
export function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return file.slice(i + 1);
}
