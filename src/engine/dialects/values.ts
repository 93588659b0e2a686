// Value spellings shared across dialects: ssl modes, TLS versions, booleans, and the one wording
// of a value a reader does not know.
import { SSL_MODES, TLS_VERSIONS, type SslMode, type TlsVersion } from '../model/connection';

const MODE_WORDS: Record<string, SslMode> = {
  disabled: 'DISABLED',
  disable: 'DISABLED',
  preferred: 'PREFERRED',
  prefer: 'PREFERRED',
  required: 'REQUIRED',
  require: 'REQUIRED',
  verify_ca: 'VERIFY_CA',
  verify_identity: 'VERIFY_IDENTITY',
  verify_full: 'VERIFY_IDENTITY',
};

/** `VERIFY_CA`, `verify-ca`, `require`, `verify-full`... -> the mode; undefined when unknown. */
export function parseSslMode(value: string): SslMode | undefined {
  return lookup(MODE_WORDS, value.trim().toLowerCase().replace(/-/g, '_'));
}

/** table[word] for the table's own words only: `constructor` or `toString` in a file is not Object's. */
export function lookup<T>(table: Record<string, T>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}

const VERSION_WORDS: Record<string, TlsVersion> = {
  '1': 'TLSv1',
  '1.0': 'TLSv1',
  '1.1': 'TLSv1.1',
  '1.2': 'TLSv1.2',
  '1.3': 'TLSv1.3',
};

/** `TLSv1.2,TLSv1.3`, `tlsv1.2:tlsv1.3`, `TLSv1_2`, `1.2`... -> versions (as written order, no repeats). */
export function parseTlsVersions(value: string): { versions: TlsVersion[]; unknown: string[] } {
  const versions: TlsVersion[] = [];
  const unknown: string[] = [];
  for (const part of value.split(/[,:; ]/)) {
    const word = part.trim();
    if (!word) continue;
    const v = lookup(VERSION_WORDS, word.toLowerCase().replace(/^tls/, '').replace(/^v/, '').replace(/_/g, '.'));
    if (!v) unknown.push(word);
    else if (!versions.includes(v)) versions.push(v);
  }
  return { versions, unknown };
}

/** true/false/1/0/yes/no/on/off (any case); undefined otherwise. */
export function parseBool(value: string): boolean | undefined {
  const w = value.trim().toLowerCase();
  if (w === 'true' || w === '1' || w === 'yes' || w === 'on') return true;
  if (w === 'false' || w === '0' || w === 'no' || w === 'off') return false;
  return undefined;
}

/** Tells whether a mode spelling was written lower-case and with which separator, to write back alike. */
export function spellModeLike(mode: SslMode, example: string): string {
  const lower = example.length > 0 && example === example.toLowerCase();
  const dash = example.includes('-');
  let out = lower ? mode.toLowerCase() : mode;
  if (dash) out = out.replace(/_/g, '-');
  return out;
}

/**
 * The problem text for a value a reader does not know, the same in every dialect:
 * `<key as written>: unknown <what> "<value>" (expected <expected>)`.
 */
export function unknownValue(key: string, what: string, value: string, expected: string): string {
  return `${key}: unknown ${what} ${shown(value)} (expected ${expected})`;
}

export function unknownSslMode(key: string, value: string, expected: readonly string[] = SSL_MODES): string {
  return unknownValue(key, 'SSL mode', value, orList(expected));
}

export function unknownTlsVersion(key: string, value: string): string {
  return unknownValue(key, 'TLS version', value, orList(TLS_VERSIONS));
}

export function badPort(key: string, value: string): string {
  return `${key}: ${shown(value)} is not a port number (1 to 65535)`;
}

export function badBool(key: string, value: string): string {
  return `${key}: expected true or false, found ${shown(value)}`;
}

/** `a, b or c`. */
function orList(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const SHOWN_MAX = 30;

/** Quoted, cut to a length a message can carry, with line breaks and control characters escaped. */
function shown(value: string): string {
  const v = value.trim();
  return JSON.stringify(v.length > SHOWN_MAX ? `${v.slice(0, SHOWN_MAX)}…` : v);
}
