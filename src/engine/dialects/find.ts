// Connection strings anywhere in a text (source code, YAML, JSON, .properties, XML...): URIs,
// JDBC URLs and Go DSNs. One left-to-right pass; each candidate's work is bounded by its own
// length, and the search resumes after it, so the whole read stays linear in the text size.
import type { Connection, Dialect, ParseProblem, ReadResult } from '../model/connection';
import { readGoDsn, GO_NETS } from './goDsn';
import { readJdbc } from './jdbc';
import { readUri } from './uri';
import { findChar, isSpace, problem, type ReadContext } from './text';

const SCHEME = /(?:jdbc:(?:mysql|mariadb)(?::[a-z]+)?(?:\+srv)?|mysqlx?(?:\+[a-z0-9]+)?|mysql2|mariadb(?:\+[a-z0-9]+)?)$/;
const QUOTES = '"\'`';
const MAX_SCHEME = 40;
const MAX_USERINFO = 512;

/** The scheme's start when a recognised scheme ends just before `sep` (the `://`), else -1. */
export function schemeStart(text: string, sep: number, floor: number): number {
  let i = sep;
  const min = Math.max(floor, sep - MAX_SCHEME);
  while (i > min && /[A-Za-z0-9+:._-]/.test(text[i - 1])) i--;
  const m = SCHEME.exec(text.slice(i, sep).toLowerCase());
  if (!m) return -1;
  const s = sep - m[0].length;
  return s > 0 && /[A-Za-z0-9/._%-]/.test(text[s - 1]) ? -1 : s;
}

/**
 * Where a string that starts at `start` ends: at its closing quote, else at a space or quote. The
 * search starts at `from` (a Go DSN's address, past a password that may hold the quote).
 */
function stringEnd(text: string, start: number, from = start): number {
  const q = text[start - 1];
  if (q !== undefined && QUOTES.includes(q)) {
    for (let i = from; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === q || c === '\n' || c === '\r') return i;
    }
    return text.length;
  }
  // Unquoted: up to a space, quote or angle bracket; quotes inside {...} belong to mysql2's ssl JSON.
  let i = start;
  let braces = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '{') braces++;
    else if (c === '}' && braces > 0) braces--;
    else if (isSpace(c) || c === '<' || c === '>' || (braces === 0 && QUOTES.includes(c))) break;
  }
  return trimTrailing(text, start, i);
}

/** Drops sentence punctuation and closing brackets that the string did not open. */
function trimTrailing(text: string, start: number, end: number): number {
  const open: Record<string, number> = { ')': 0, ']': 0, '}': 0 };
  const close: Record<string, number> = { ')': 0, ']': 0, '}': 0 };
  const pair: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (pair[c]) open[pair[c]]++;
    else if (c in close) close[c]++;
  }
  while (end > start) {
    const c = text[end - 1];
    if ('.,;:!'.includes(c)) end--;
    else if (c in close && close[c] > open[c]) {
      close[c]--;
      end--;
    } else break;
  }
  return end;
}

/** Reads one URL-shaped string (URI or JDBC) in text[start,end). */
export function readUrlAt(text: string, start: number, end: number, ctx: ReadContext, dialect?: Dialect): Connection | undefined {
  if (text.slice(start, start + 5).toLowerCase() === 'jdbc:') return readJdbc(text, start, end, ctx, dialect ?? 'jdbc');
  return readUri(text, start, end, ctx, dialect ?? 'uri');
}

export function findConnectionStrings(text: string, ctx: ReadContext): ReadResult {
  const connections: Connection[] = [];
  const problems: ParseProblem[] = [];
  const finder = new Candidates(text);
  let floor = 0;
  for (let p = finder.next(0); p.at >= 0; p = finder.next(p.at + 1)) {
    if (p.at < floor) continue;
    const found = p.kind === 'url' ? urlCandidate(text, p.at, floor, ctx) : goCandidate(text, p.at, floor, ctx);
    if (!found) continue;
    if (found.connection) connections.push(found.connection);
    else if (!found.quiet) problems.push(problem('connection string could not be read', found.start, found.end, 'warning'));
    floor = found.end;
  }
  return { connections, problems };
}

interface Found {
  connection?: Connection;
  /** Unreadable, but not worth a problem (it only looked a little like a Go DSN). */
  quiet?: boolean;
  start: number;
  end: number;
}

function urlCandidate(text: string, sep: number, floor: number, ctx: ReadContext): Found | undefined {
  const start = schemeStart(text, sep, floor);
  if (start < 0) return undefined;
  const end = stringEnd(text, start);
  return { connection: readUrlAt(text, start, end, ctx), start, end };
}

/** Longest address inside tcp(...)/unix(...): host names and socket paths are far shorter. */
const MAX_ADDRESS = 300;

function goCandidate(text: string, netStart: number, floor: number, ctx: ReadContext): Found | undefined {
  // Cheap bounded check first, so that a line full of `a@tcp(` costs no scan to its end per candidate.
  const open = text.indexOf('(', netStart);
  const close = open < 0 ? -1 : findChar(text, ')', open + 1, Math.min(text.length, open + 1 + MAX_ADDRESS));
  if (close < 0 || text[close + 1] !== '/') return undefined;
  let start = netStart;
  if (text[netStart - 1] === '@') {
    start = userinfoStart(text, netStart - 1, Math.max(floor, netStart - MAX_USERINFO));
  } else if (netStart > 0 && !isSpace(text[netStart - 1]) && !(QUOTES + '=:').includes(text[netStart - 1])) return undefined;
  // Outside quotes the DSN ends at the first blank after its address (its userinfo may hold one).
  const end = QUOTES.includes(text[start - 1] ?? '') ? stringEnd(text, start, netStart) : stringEnd(text, netStart);
  const connection = readGoDsn(text, start, end, ctx);
  return { connection, start, end, quiet: true };
}

/**
 * Where the DSN whose userinfo ends at `at` starts. Inside a string literal it is the literal's
 * opening quote: the password may hold spaces, `=` and the other kind of quote, and its tail must
 * not be read as the user (`"app:pa ss@tcp(db)/x"` is user `app`, password `pa ss`). Outside
 * quotes: the word before `@`, widened over blanks and `=` to an earlier `user:` word.
 */
function userinfoStart(text: string, at: number, min: number): number {
  const open = openingQuote(text, at, min);
  if (open >= 0) return open + 1;
  let start = at;
  while (start > min && !isSpace(text[start - 1]) && !QUOTES.includes(text[start - 1]) && !'=<>'.includes(text[start - 1])) start--;
  for (let words = 0, s = start; words < 4 && s > min && (text[s - 1] === ' ' || text[s - 1] === '=' || text[s - 1] === '\t'); words++) {
    let w = s - 1;
    while (w > min && !isSpace(text[w - 1]) && !QUOTES.includes(text[w - 1]) && !'=<>'.includes(text[w - 1])) w--;
    if (findChar(text, ':', w, s - 2) >= 0) return w; // `user:pa ss@`: a colon inside the word, not `dsn: x@`
    s = w;
  }
  return start;
}

/**
 * The quote that opens the string literal holding text[at] on its line, or -1 outside one. A
 * password may hold that quote unescaped (`"app:pa"ss@tcp(…)…"` in a log): the nearest quote whose
 * text up to `at` holds the user's `:` is taken, else the nearest one.
 */
function openingQuote(text: string, at: number, min: number): number {
  const q = closingQuote(text, at);
  if (!q) return -1;
  let nearest = -1;
  let colon = false;
  for (let i = at - 1; i >= min; i--) {
    const c = text[i];
    if (c === '\n' || c === '\r') break;
    if (c === ':') colon = true;
    if (c !== q || text[i - 1] === '\\') continue;
    if (colon) return i;
    if (nearest < 0) nearest = i;
  }
  return nearest;
}

/** The quote that ends the DSN after `at` (the literal's close), or '' when a space or the line's end comes first. */
function closingQuote(text: string, at: number): string {
  for (let i = at + 1; i < text.length && i - at <= MAX_USERINFO; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (QUOTES.includes(c)) return c;
    else if (isSpace(c)) return '';
  }
  return '';
}

/** The next `://` or Go network name `tcp(`/`unix(`..., each search position cached so no text is scanned twice. */
class Candidates {
  private readonly cache = new Map<string, number>();

  constructor(private readonly text: string) {}

  next(from: number): { at: number; kind: 'url' | 'go' } {
    let best = -1;
    let kind: 'url' | 'go' = 'url';
    for (const needle of ['://', ...GO_NETS.map((n) => n + '(')]) {
      const at = this.find(needle, from);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
        kind = needle === '://' ? 'url' : 'go';
      }
    }
    return { at: best, kind };
  }

  private find(needle: string, from: number): number {
    const cached = this.cache.get(needle);
    if (cached !== undefined && (cached < 0 || cached >= from)) return cached;
    const at = this.text.indexOf(needle, from);
    this.cache.set(needle, at);
    return at;
  }
}
