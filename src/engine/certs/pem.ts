import { createPrivateKey } from 'node:crypto';

/**
 * PEM blocks read the way OpenSSL reads them, but without ever throwing: a block cut off, a label
 * that does not close, or base64 that does not decode is reported on the block. One linear pass
 * over the markers, so hostile input of any size costs O(n).
 */

export interface PemBlock {
  /** `CERTIFICATE`, `PRIVATE KEY`, `RSA PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`... */
  label: string;
  /** 1-based line of the BEGIN marker. */
  line: number;
  /** RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: ...`), names as written. */
  headers: Record<string, string>;
  /** The decoded body, when the block is complete and its base64 is sound. */
  der?: Buffer;
  /** What is wrong with the block, when something is. */
  problem?: 'no-end' | 'bad-base64' | 'empty';
}

export type PemLabel = 'CERTIFICATE' | 'PRIVATE KEY' | 'RSA PRIVATE KEY' | 'EC PRIVATE KEY' | 'ENCRYPTED PRIVATE KEY';

interface Marker {
  kind: 'BEGIN' | 'END';
  label: string;
  start: number;
  end: number;
  line: number;
}

const DASHES = '-----';
// Real labels are short; a longer run before the closing dashes is not a marker.
const MAX_LABEL = 64;

/** Every BEGIN...END block of `text`, complete or not, in order. */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let open: Marker | undefined;
  for (const m of markers(text)) {
    if (m.kind === 'BEGIN') {
      if (open) blocks.push(incomplete(open));
      open = m;
    } else if (open && m.label === open.label) {
      blocks.push(decodeBlock(open, text.slice(open.end, m.start)));
      open = undefined;
    } else if (open) {
      // END of another label: the block we were in was cut off.
      blocks.push(incomplete(open));
      open = undefined;
    }
  }
  if (open) blocks.push(incomplete(open));
  return blocks;
}

/** Whether the text holds at least one BEGIN marker. */
export function hasPemMarker(text: string): boolean {
  return text.includes(`${DASHES}BEGIN `);
}

/**
 * The PEM text of a DER body, wrapped at 64 columns as OpenSSL writes it. For a key, any key label
 * will do: the label is taken from what the DER really is (PKCS#8, PKCS#1, SEC1, encrypted
 * PKCS#8), since a PKCS#1 body under `PRIVATE KEY` would not load.
 */
export function derToPem(der: Buffer, kind: PemLabel): string {
  const label = kind === 'CERTIFICATE' ? kind : (derKeyLabel(der) ?? kind);
  const b64 = der.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Header + content length of the outer DER TLV, as the bytes declare it (may exceed the buffer). */
export function derTlvLength(der: Buffer): number | undefined {
  if (der.length < 2) return undefined;
  const first = der[1];
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || der.length < 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[2 + i];
  return 2 + n + len;
}

const KEY_FORMATS: { type: 'pkcs8' | 'pkcs1' | 'sec1'; label: PemLabel }[] = [
  { type: 'pkcs8', label: 'PRIVATE KEY' },
  { type: 'pkcs1', label: 'RSA PRIVATE KEY' },
  { type: 'sec1', label: 'EC PRIVATE KEY' },
];

/** The PEM label a DER private key needs, or undefined when it is not one. Never throws. */
export function derKeyLabel(der: Buffer): PemLabel | undefined {
  for (const f of KEY_FORMATS) {
    try {
      createPrivateKey({ key: der, format: 'der', type: f.type });
      return f.label;
    } catch (e) {
      // An encrypted PKCS#8 body is recognised; it only lacks the passphrase.
      if (f.type === 'pkcs8' && (e as { code?: string }).code === 'ERR_MISSING_PASSPHRASE') return 'ENCRYPTED PRIVATE KEY';
    }
  }
  return undefined;
}

function incomplete(m: Marker): PemBlock {
  return { label: m.label, line: m.line, headers: {}, problem: 'no-end' };
}

function markers(text: string): Marker[] {
  const found: Marker[] = [];
  let line = 1;
  let counted = 0;
  let at = text.indexOf(DASHES);
  while (at >= 0) {
    line += countNewlines(text, counted, at);
    counted = at;
    const m = markerAt(text, at, line);
    if (m) found.push(m);
    at = text.indexOf(DASHES, m ? m.end : at + DASHES.length);
  }
  return found;
}

function markerAt(text: string, at: number, line: number): Marker | undefined {
  const head = at + DASHES.length;
  const kind = text.startsWith('BEGIN ', head) ? 'BEGIN' : text.startsWith('END ', head) ? 'END' : undefined;
  if (!kind) return undefined;
  const labelStart = head + kind.length + 1;
  const close = text.indexOf(DASHES, labelStart);
  if (close < 0 || close - labelStart > MAX_LABEL) return undefined;
  const label = text.slice(labelStart, close);
  if (label.includes('\n')) return undefined;
  // Labels are echoed in findings: anything but printable ASCII is not shown.
  const shown = /^[\x20-\x7e]*$/.test(label) ? label.trim() : 'UNREADABLE LABEL';
  return { kind, label: shown, start: at, end: close + DASHES.length, line };
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function decodeBlock(begin: Marker, body: string): PemBlock {
  const block: PemBlock = { label: begin.label, line: begin.line, headers: {} };
  const lines = body.split('\n').map((l) => l.trim());
  let i = 0;
  while (i < lines.length && lines[i] === '') i++;
  // RFC 1421 headers come first and end at a blank line.
  if (i < lines.length && lines[i].includes(':')) {
    for (; i < lines.length && lines[i] !== ''; i++) {
      const colon = lines[i].indexOf(':');
      if (colon > 0) block.headers[lines[i].slice(0, colon).trim()] = lines[i].slice(colon + 1).trim();
    }
  }
  const b64 = lines.slice(i).join('');
  if (b64 === '') block.problem = 'empty';
  else if (!isBase64(b64)) block.problem = 'bad-base64';
  else block.der = Buffer.from(b64, 'base64');
  return block;
}

/** Strict base64: the alphabet, length a multiple of 4, `=` padding only at the end. */
export function isBase64(s: string): boolean {
  if (s.length % 4 !== 0) return false;
  let pad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) {
      pad++;
      continue;
    }
    if (pad > 0) return false;
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return pad <= 2;
}
