import type { ParamKey } from '../model/connection';
import type { FindingCode } from '../model/finding';
import type { Advice } from './advice';
import { maskedSlice } from './secrets';

/** The client families whose messages are recognised (`ExplainMatch.client`). */
export type ClientName =
  | 'mysql-cli'
  | 'openssl'
  | 'node'
  | 'mysql2'
  | 'boringssl'
  | 'connector-j'
  | 'jsse'
  | 'pymysql'
  | 'mysqlclient'
  | 'mysql-connector-python'
  | 'go'
  | 'php-pdo'
  | 'prisma'
  /** MariaDB Connector/J and Connector/Node.js, which share their messages. */
  | 'mariadb'
  | 'dotnet';

/** One recognised piece of the pasted text. */
export interface ExplainMatch {
  client: string;
  /** A short name of the rule. */
  pattern: string;
  /** The matched text (its line, trimmed), at most ~200 characters. */
  excerpt: string;
}

/**
 * A message pattern. Needles are plain strings compared after `normalize()` (lower case, `_` and
 * `-` read as spaces, runs of white space as one), so `CERTIFICATE_VERIFY_FAILED`,
 * `certificate verify failed` and a JSON-escaped copy all match one needle. No regular
 * expressions: matching stays linear whatever the input.
 */
export interface Rule {
  client: ClientName;
  pattern: string;
  /** Any one of these, as written in the message. */
  needles: string[];
  /** A hit is ignored when one of these follows the needle directly (e.g. "... or is not yet valid"). */
  notFollowedBy?: string[];
  /** A hit counts only when one of these occurs within `within` characters after the needle. */
  followedBy?: string[];
  within?: number;
  /** A hit is ignored when one of these occurs within `within` characters after the needle. */
  notFollowedWithin?: string[];
  /** Likely codes, most likely first; empty = recognised, but the message names no cause. */
  codes: FindingCode[];
  /** How exactly the message names its cause: 100 exact, 50 a family of causes, 10 a wrapper. */
  weight: number;
  /** A wrapper that only guesses (2003, 2002, "Communications link failure"): its codes count
   *  only when no other rule in the text names a cause. */
  fallback?: boolean;
  /** Added to the detail of each finding this rule supports. */
  note?: string;
  /** Said when this message is known to point the reader the wrong way. */
  misleading?: string;
  /** Replaces the generic advice of the rule's first code when only such rules support the finding
   *  (an unknown_ca alert is ca-untrusted about the CLIENT certificate, not the server's). */
  advice?: Advice;
  /** The parameter the finding is about, with `advice`. */
  param?: ParamKey;
}

/** A rule found in the text, at [start, end) of the ORIGINAL text. */
export interface Hit {
  rule: Rule;
  start: number;
  end: number;
  /** Overrides the rule's name in `ExplainMatch.pattern` (e.g. a decoded error code). */
  pattern?: string;
  /** Facts read from around the hit (host names, dates), for titles and evidence. */
  facts?: Record<string, string>;
}

/** Longest text read: the head and the tail of longer input (Java puts the cause at the end). */
export const MAX_INPUT = 256 * 1024;

/** The text as matched, with a map back to offsets of the original. */
export interface Normalized {
  original: string;
  text: string;
  /** `origin[i]` is the offset in `original` of `text[i]`. */
  origin: Int32Array;
}

export function capInput(text: unknown): string {
  if (typeof text !== 'string') return '';
  if (text.length <= MAX_INPUT) return text;
  const half = MAX_INPUT / 2;
  return `${text.slice(0, half)}\n${text.slice(text.length - half)}`;
}

/** One linear pass: lower case, separators and JSON escapes read as spaces, white space collapsed. */
export function normalize(original: string): Normalized {
  // Code units into a typed buffer, turned into a string in chunks: per-character strings and
  // a join cost more than linear time on large input (garbage collection).
  const out = new Uint16Array(original.length);
  const origin = new Int32Array(original.length + 1);
  let n = 0;
  let lastSpace = true;
  for (let i = 0; i < original.length; i++) {
    let c = original.charCodeAt(i);
    const from = i;
    if (c === BACKSLASH && i + 1 < original.length) {
      const next = original.charCodeAt(i + 1);
      // JSON or a quoted string literal: \n \t \r are line breaks, \" \' \\ \/ the character itself.
      if (next === 0x6e || next === 0x72 || next === 0x74) c = SPACE;
      else if (next === 0x22 || next === 0x27 || next === BACKSLASH || next === 0x2f) c = next;
      if (c !== BACKSLASH || next === BACKSLASH) i++;
    }
    if (isSeparator(c)) {
      if (lastSpace) continue;
      lastSpace = true;
      c = SPACE;
    } else {
      lastSpace = false;
      c = lower(c);
    }
    out[n] = c;
    origin[n++] = from;
  }
  origin[n] = original.length;
  return { original, text: decode(out, n), origin: origin.subarray(0, n + 1) };
}

const BACKSLASH = 0x5c;
const SPACE = 0x20;

function isSeparator(c: number): boolean {
  // space, tab, CR, LF, NBSP, '_' and '-'
  return c === SPACE || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || c === 0x5f || c === 0x2d;
}

function lower(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c + 32;
  if (c < 0x80) return c;
  const l = String.fromCharCode(c).toLowerCase();
  return l.length === 1 ? l.charCodeAt(0) : c;
}

const CHUNK = 8192;

function decode(units: Uint16Array, length: number): string {
  const parts: string[] = [];
  for (let at = 0; at < length; at += CHUNK) {
    parts.push(String.fromCharCode.apply(null, Array.from(units.subarray(at, Math.min(length, at + CHUNK)))));
  }
  return parts.join('');
}

/** A needle in the same form as the normalised text. */
export function normalizeNeedle(needle: string): string {
  return normalize(needle).text.trim();
}

const needleCache = new WeakMap<Rule, string[]>();

function needlesOf(rule: Rule): string[] {
  let cached = needleCache.get(rule);
  if (!cached) {
    cached = rule.needles.map(normalizeNeedle).filter((s) => s.length > 0);
    needleCache.set(rule, cached);
  }
  return cached;
}

/** Occurrences examined per needle: enough for real messages, bounded for hostile ones. */
const MAX_TRIES = 64;

/** The first acceptable occurrence of the rule in the text, or undefined. */
export function findRule(n: Normalized, rule: Rule): Hit | undefined {
  for (const needle of needlesOf(rule)) {
    let at = n.text.indexOf(needle);
    for (let tries = 0; at >= 0 && tries < MAX_TRIES; tries++) {
      const end = at + needle.length;
      if (wholeWords(n.text, at, end) && accepts(n.text, end, rule)) return toHit(n, rule, at, end);
      at = n.text.indexOf(needle, at + 1);
    }
  }
  return undefined;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
}

/** Needles match whole words: "enotfound" is not in "filenotfounderror". */
function wholeWords(text: string, at: number, end: number): boolean {
  if (isWordChar(text[at]) && isWordChar(text[at - 1])) return false;
  return !(isWordChar(text[end - 1]) && isWordChar(text[end]));
}

function accepts(text: string, end: number, rule: Rule): boolean {
  for (const not of rule.notFollowedBy ?? []) {
    if (text.startsWith(normalizeNeedle(not), end) || text.startsWith(` ${normalizeNeedle(not)}`, end)) return false;
  }
  if (!rule.followedBy && !rule.notFollowedWithin) return true;
  const window = text.slice(end, end + (rule.within ?? 160));
  if (rule.notFollowedWithin?.some((f) => window.includes(normalizeNeedle(f)))) return false;
  return !rule.followedBy || rule.followedBy.some((f) => window.includes(normalizeNeedle(f)));
}

export function toHit(n: Normalized, rule: Rule, at: number, end: number, pattern?: string): Hit {
  const hit: Hit = { rule, start: n.origin[at], end: n.origin[Math.max(at, end - 1)] + 1 };
  if (pattern) hit.pattern = pattern;
  return hit;
}

const EXCERPT_MAX = 200;

/** The line holding the hit, cut to at most 200 characters around it, passwords masked. */
export function excerptOf(original: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && start - from < EXCERPT_MAX && original[from - 1] !== '\n') from--;
  let to = end;
  while (to < original.length && to - end < EXCERPT_MAX && original[to] !== '\n') to++;
  if (to - from > EXCERPT_MAX) {
    const room = Math.max(0, EXCERPT_MAX - (end - start));
    from = Math.max(from, start - Math.floor(room / 2));
    to = Math.min(to, from + EXCERPT_MAX);
  }
  // A mask can be longer than what it hides: cut again (cutting masked text reveals nothing).
  return maskedSlice(original, from, to).slice(0, EXCERPT_MAX).trim();
}

export function toMatch(n: Normalized, hit: Hit): ExplainMatch {
  return { client: hit.rule.client, pattern: hit.pattern ?? hit.rule.pattern, excerpt: excerptOf(n.original, hit.start, hit.end) };
}
