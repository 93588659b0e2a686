// Value spellings shared across dialects: ssl modes, TLS versions, booleans.
import type { SslMode, TlsVersion } from '../model/connection';

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
  const word = value.trim().toLowerCase().replace(/-/g, '_');
  return Object.prototype.hasOwnProperty.call(MODE_WORDS, word) ? MODE_WORDS[word] : undefined;
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
    const v = VERSION_WORDS[word.toLowerCase().replace(/^tls/, '').replace(/^v/, '').replace(/_/g, '.')];
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
