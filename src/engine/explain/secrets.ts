/*
 * Pasted errors can hold credentials (a DSN in a Go error, a JDBC URL in a Java trace). Excerpts
 * are echoed into findings, JSON and logs, so every password-shaped part is masked first.
 * Scans are bounded per candidate, so the whole pass stays linear on hostile input.
 */
import { findConnectionStrings } from '../dialects/find';
import { MASK } from '../model/secret';

/** A user:password pair or a value longer than this is not looked for. */
const MAX_SCAN = 300;
/** Blanks read between a key, its separator and its value. */
const MAX_GAP = 8;
/** Longest key read back from a value (`mysql_pwd`, `"password1"`, `--password`). */
const MAX_KEY = 24;

function isTokenBreak(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '"' || c === "'" || c === '/' || c === '(' || c === '`' || c === '=' || c === ',';
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'" || c === '`';
}

export type Range = [start: number, end: number];

/** `scheme://user:pass@host` and Go's `user:pass@tcp(host)`: the part between ':' and '@'. */
function userInfoRanges(text: string, out: Range[]): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const stop = Math.max(0, at - MAX_SCAN);
    let start = at - 1;
    while (start >= stop && !isTokenBreak(text[start])) start--;
    for (let i = start + 1; i < at; i++) {
      if (text[i] === ':') {
        if (i + 1 < at) out.push([i + 1, at]);
        break;
      }
    }
  }
}

/**
 * Go's `user:pass@tcp(host)/db`: the driver splits at the last `@` before the address and the first
 * `:` after the user name, so the password may hold `@ : " (` and more. Before each `@tcp(`,
 * `@unix(`, `@(` or `@/`, everything from the earliest `user:` that starts a token within reach
 * is masked (masking a little too much is safe, a piece of the password is not).
 */
function goDsnRanges(text: string, out: Range[]): void {
  const address = /@(?:tcp6?|unix)?[(/]/g;
  for (let m = address.exec(text); m; m = address.exec(text)) {
    const at = m.index;
    let from = at;
    while (from > 0 && at - from < MAX_SCAN && text[from - 1] !== '\n' && text[from - 1] !== '\r') from--;
    const colon = firstUserColon(text, from, at);
    if (colon >= 0 && colon + 1 < at) out.push([colon + 1, at]);
  }
}

/** The `:` of the first `user:` in [from, to) that starts a token (a user name holds no `:`). */
function firstUserColon(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (i > from && !isTokenBreak(text[i - 1])) continue;
    let j = i;
    while (j < to && /[A-Za-z0-9_.$-]/.test(text[j])) j++;
    if (j > i && text[j] === ':') return j;
  }
  return -1;
}

/** MySQL's own "(using password: YES)" says whether one was given, not which. */
function isYesNo(value: string): boolean {
  const v = value.replace(/[).,;]+$/, '');
  return v === 'YES' || v === 'NO';
}

/**
 * Whether the escaped quote `close` (`\"`, m backslashes and a quote) ends the value at `i`. The
 * backslashes before it tell: a literal backslash of the inner string is 2(m+1) of them, so any
 * other count means the quote is the inner string's own (`\\\"`: a quote in the password).
 */
function closesAt(text: string, i: number, close: string, floor: number): boolean {
  if (!text.startsWith(close, i)) return false;
  if (close.length === 1) return true;
  let n = 0;
  while (i - n - 1 >= floor && text[i - n - 1] === '\\' && n < 64) n++;
  return n % (2 * close.length) === 0;
}

/**
 * A value at `from`: quoted (to its closing quote, `\"` too when the quote is escaped, as in JSON
 * inside a JSON log) or bare (to the next separator); bounded.
 */
function valueRange(text: string, from: number, bareEnd: (c: string) => boolean, out: Range[]): void {
  let open = from;
  while (text[open] === '\\' && open - from < 4) open++;
  const q = text[open];
  if (isQuote(q)) {
    const close = text.slice(from, open + 1); // `"` or `\"` or `\\\"`
    let end = open + 1;
    while (end < text.length && end - from <= MAX_SCAN && !closesAt(text, end, close, open + 1) && text[end] !== '\n') end += text[end] === '\\' && close.length === 1 ? 2 : 1;
    if (end > open + 1) out.push([open + 1, Math.min(end, text.length)]);
    return;
  }
  let end = from;
  while (end < text.length && end - from < MAX_SCAN && !bareEnd(text[end])) end++;
  if (end > from && !isYesNo(text.slice(from, end))) out.push([from, end]);
}

/**
 * A bare value after a password key ends at a blank only: `password=a&b`, `Pwd=a;b`,
 * `MYSQL_PWD=x,y'z` hold separators and quotes, and masking what follows too is the safe mistake.
 */
const isKeyValueEnd = (c: string): boolean => isSpace(c);

const isLineEnd = (c: string): boolean => c === '\n' || c === '\r';

/**
 * Whether the key at `at` opens its line (`MYSQL_PASSWORD=...` in a pasted .env, `password=` in a
 * my.cnf): its bare value then runs to the line's end, spaces and `#` included, as those readers
 * read it. Looked back a bounded number of characters.
 */
function startsLine(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && at - i < MAX_KEY + 8 && /[A-Za-z0-9_.\- \t]/.test(text[i - 1])) i--;
  return (i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r') && /^[ \t]*(export[ \t]+)?[A-Za-z0-9_.-]*$/.test(text.slice(i, at));
}

/**
 * `password=v`, `password: v`, `"password":"v"`, `\"password\":\"v\"`, `'password' => 'v'`,
 * `setPassword("v")`, `pass=`, `passwd=`, `pwd=` (ADO `Pwd=v;`), `password1=`, `mysql_pwd=`,
 * `--password=v` and `--password v`: each `pass` or `pwd` is read forward a bounded number of
 * characters, so the pass is linear.
 */
function keyValueRanges(text: string, out: Range[]): void {
  const lower = text.toLowerCase();
  for (const stem of ['pass', 'pwd']) {
    for (let at = lower.indexOf(stem); at >= 0; at = lower.indexOf(stem, at + 1)) {
      let i = at + stem.length;
      if (stem === 'pass') {
        if (lower.startsWith('word', i)) i += 4;
        else if (lower.startsWith('wd', i)) i += 2;
      }
      while (isDigit(text[i]) && i - at < MAX_KEY) i++;
      while (text[i] === '\\' && i - at < MAX_KEY) i++;
      if (isQuote(text[i])) i++;
      const keyEnd = i;
      let gap = 0;
      while (isBlank(text[i]) && gap < MAX_GAP) i++, gap++;
      const sep = text[i];
      if (sep === '=' || sep === ':' || sep === '(') {
        i += text.startsWith('=>', i) ? 2 : 1;
        gap = 0;
        while (isBlank(text[i]) && gap < MAX_GAP) i++, gap++;
        valueRange(text, i, startsLine(text, at) ? isLineEnd : isKeyValueEnd, out);
      } else if (gap === 1 && keyEnd === at + 8 && text.startsWith('--', at - 2) && text[i] !== '-') {
        // `mysql --password secret`: the option's value is the next word.
        valueRange(text, i, (c) => isSpace(c) || isQuote(c), out);
      }
    }
  }
}

/** The mysql client's `-pSECRET` (and `-p'SECRET'`): the value is attached to the option. */
function shortOptionRanges(text: string, out: Range[]): void {
  for (let at = text.indexOf('-p'); at >= 0; at = text.indexOf('-p', at + 1)) {
    const before = text[at - 1];
    if (at > 0 && !isSpace(before) && !isQuote(before)) continue;
    const from = at + 2;
    if (from >= text.length || isSpace(text[from])) continue;
    valueRange(text, from, (c) => isSpace(c) || c === '"' || c === '`', out);
  }
}

/** `IDENTIFIED BY 'secret'` (CREATE USER, ALTER USER, GRANT) and `... BY PASSWORD '...'`. */
function identifiedByRanges(text: string, out: Range[]): void {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf('identified'); at >= 0; at = lower.indexOf('identified', at + 1)) {
    // `IDENTIFIED BY 'x'` or `IDENTIFIED WITH plugin BY 'x'`: the next " by " within a short reach.
    const by = lower.slice(at, at + 80).indexOf(' by ');
    if (by < 0) continue;
    let i = at + by + 4;
    let gap = 0;
    while (isBlank(text[i]) && gap < MAX_GAP) i++, gap++;
    if (lower.startsWith('password', i) && isBlank(text[i + 8])) {
      i += 9;
      while (isBlank(text[i]) && gap < 2 * MAX_GAP) i++, gap++;
    }
    valueRange(text, i, (c) => isSpace(c) || c === ';' || c === ',', out);
  }
}

/**
 * `scheme://user:pass@host`: everything from the first `:` after `://` to the last `@` before a
 * blank, so a password holding `/ = ( , ' "` is masked whole; without `@`, a `:` followed by what
 * is no port (`mysql://app:secret/db`) is masked to the next `/`, `?` or blank.
 */
function urlUserinfoRanges(text: string, out: Range[]): void {
  for (let sep = text.indexOf('://'); sep >= 0; sep = text.indexOf('://', sep + 3)) {
    const from = sep + 3;
    let end = from;
    while (end < text.length && end - from < MAX_SCAN && !isSpace(text[end])) end++;
    let colon = from;
    while (colon < end && text[colon] !== ':') colon++;
    if (colon >= end) continue;
    let at = end - 1;
    while (at > colon && text[at] !== '@') at--;
    if (at > colon) {
      out.push([colon + 1, at]);
      continue;
    }
    let stop = colon + 1;
    while (stop < end && text[stop] !== '/' && text[stop] !== '?') stop++;
    if (!/^\d*$/.test(text.slice(colon + 1, stop))) out.push([colon + 1, stop]);
  }
}

/** Passwords of the connection strings the dialect readers find in the text (Go DSNs in quotes...). */
function readerRanges(text: string, out: Range[]): void {
  for (const c of findConnectionStrings(text, {}).connections) {
    const pw = c.params.password?.valueSpan;
    if (pw && pw.end > pw.start) out.push([pw.start, pw.end]);
  }
}

export function secretRanges(text: string): Range[] {
  const out: Range[] = [];
  readerRanges(text, out);
  urlUserinfoRanges(text, out);
  userInfoRanges(text, out);
  goDsnRanges(text, out);
  keyValueRanges(text, out);
  shortOptionRanges(text, out);
  identifiedByRanges(text, out);
  return out.sort((a, b) => a[0] - b[0]);
}

/** `text` with every range replaced by the mask (ranges may overlap or run past the ends). */
export function applyMask(text: string, ranges: readonly Range[]): string {
  let out = '';
  let last = 0;
  for (const [s, e] of ranges) {
    const start = Math.max(s, last);
    const end = Math.min(e, text.length);
    if (end <= start) continue;
    out += `${text.slice(last, start)}${MASK}`;
    last = end;
  }
  return out + text.slice(last);
}

export function maskSecrets(text: string): string {
  return applyMask(text, secretRanges(text));
}

/** How far a secret can reach into a slice from outside it (the scans above are bounded so). */
const MARGIN = MAX_SCAN + 128;

/** text.slice(from, to) with secrets masked, those cut by the slice's edges included. */
export function maskedSlice(text: string, from: number, to: number): string {
  const regionStart = Math.max(0, from - MARGIN);
  const region = text.slice(regionStart, Math.min(text.length, to + MARGIN));
  const ranges = secretRanges(region).map(([s, e]): Range => [s + regionStart - from, e + regionStart - from]);
  return applyMask(text.slice(from, to), ranges);
}
