import type { FindingCode } from '../model/finding';
import { maskSecrets } from './secrets';

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
  | 'prisma';

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
  const out: string[] = [];
  const origin = new Int32Array(original.length + 1);
  let n = 0;
  let lastSpace = true;
  for (let i = 0; i < original.length; i++) {
    let c = original[i];
    let from = i;
    if (c === '\\' && i + 1 < original.length) {
      const next = original[i + 1];
      // JSON or a quoted string literal: \n \t \r are line breaks, \" \' \\ \/ the character itself.
      if (next === 'n' || next === 'r' || next === 't') c = ' ';
      else if (next === '"' || next === "'" || next === '\\' || next === '/') c = next;
      if (c !== '\\') i++;
    }
    if (c === '_' || c === '-' || c === '\t' || c === '\n' || c === '\r' || c === ' ' || c === '\u00a0') c = ' ';
    if (c === ' ') {
      if (lastSpace) continue;
      lastSpace = true;
    } else {
      lastSpace = false;
      c = c.toLowerCase();
      if (c.length !== 1) c = c[0];
    }
    out.push(c);
    origin[n++] = from;
  }
  origin[n] = original.length;
  return { original, text: out.join(''), origin: origin.subarray(0, n + 1) };
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

/** The line holding the hit, cut to at most 200 characters around it. */
export function excerptOf(original: string, start: number, end: number): string {
  let from = original.lastIndexOf('\n', start) + 1;
  let to = original.indexOf('\n', end);
  if (to < 0) to = original.length;
  if (to - from > EXCERPT_MAX) {
    const room = Math.max(0, EXCERPT_MAX - (end - start));
    from = Math.max(from, start - Math.floor(room / 2));
    to = Math.min(to, from + EXCERPT_MAX);
  }
  return maskSecrets(original.slice(from, to).trim());
}

export function toMatch(n: Normalized, hit: Hit): ExplainMatch {
  return { client: hit.rule.client, pattern: hit.pattern ?? hit.rule.pattern, excerpt: excerptOf(n.original, hit.start, hit.end) };
}
