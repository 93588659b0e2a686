/*
 * Pasted errors can hold credentials (a DSN in a Go error, a JDBC URL in a Java trace). Excerpts
 * are echoed into findings, JSON and logs, so every password-shaped part is masked first.
 * Scans are bounded per candidate, so the whole pass stays linear on hostile input.
 */
import { MASK } from '../model/secret';

const KEYS = ['password=', 'pwd=', 'passwd=', 'password":"', 'password": "', "password: '", "password':'", 'mysql_pwd='];
const VALUE_END = '&;"\' ,)}\n\r\t';
/** A user:password pair or a value longer than this is not looked for. */
const MAX_SCAN = 300;

function isTokenBreak(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '"' || c === "'" || c === '/' || c === '(' || c === '`' || c === '=' || c === ',';
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

/** `password=...`, `"password":"..."`: the value up to the next separator. */
function keyValueRanges(text: string, out: Range[]): void {
  const lower = text.toLowerCase();
  for (const key of KEYS) {
    for (let at = lower.indexOf(key); at >= 0; at = lower.indexOf(key, at + 1)) {
      const value = at + key.length;
      let end = value;
      while (end < text.length && end - value < MAX_SCAN && !VALUE_END.includes(text[end])) end++;
      if (end > value) out.push([value, end]);
    }
  }
}

export function secretRanges(text: string): Range[] {
  const out: Range[] = [];
  userInfoRanges(text, out);
  keyValueRanges(text, out);
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
const MARGIN = MAX_SCAN;

/** text.slice(from, to) with secrets masked, those cut by the slice's edges included. */
export function maskedSlice(text: string, from: number, to: number): string {
  const regionStart = Math.max(0, from - MARGIN);
  const region = text.slice(regionStart, Math.min(text.length, to + MARGIN));
  const ranges = secretRanges(region).map(([s, e]): Range => [s + regionStart - from, e + regionStart - from]);
  return applyMask(text.slice(from, to), ranges);
}
