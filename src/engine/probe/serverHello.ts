/**
 * Reads the server's answer to a hand-written ClientHello: TLS records up to the ServerHello or an
 * alert, and for TLS 1.2 and below the Certificate message that follows in clear. Takes untrusted
 * bytes, never throws, and allocates nothing proportional to announced (rather than received) lengths.
 */

export interface ServerHelloInfo {
  /** The version the server chose (supported_versions for TLS 1.3, else the hello's own field). */
  version: number;
  cipher: number;
  /** A HelloRetryRequest: the server accepted the version but wants another key share. */
  helloRetry: boolean;
}

export type FlightParse =
  | { kind: 'need-more' }
  | { kind: 'alert'; level: number; description: number; name: string }
  | { kind: 'not-tls'; reason: string }
  | {
      kind: 'server-hello';
      hello: ServerHelloInfo;
      /** The certificates in clear (TLS <= 1.2), when the Certificate message was read whole. */
      certificates?: Buffer[];
      /** Nothing more to read for the certificates (read, encrypted, absent, or cut by an alert). */
      complete: boolean;
    };

const CONTENT_CCS = 20;
const CONTENT_ALERT = 21;
const CONTENT_HANDSHAKE = 22;
const CONTENT_APPDATA = 23;
const HS_SERVER_HELLO = 2;
const HS_CERTIFICATE = 11;
const HS_SERVER_HELLO_DONE = 14;
const MAX_RECORD = 16384 + 2048;
/** At most this many certificates are kept from one Certificate message. */
export const MAX_CERTIFICATES = 32;

/** SHA-256("HelloRetryRequest"): the random of a HelloRetryRequest (RFC 8446 4.1.3). */
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

const ALERT_NAMES: Record<number, string> = {
  0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 22: 'record_overflow', 40: 'handshake_failure',
  42: 'bad_certificate', 43: 'unsupported_certificate', 44: 'certificate_revoked', 45: 'certificate_expired',
  46: 'certificate_unknown', 47: 'illegal_parameter', 48: 'unknown_ca', 49: 'access_denied', 50: 'decode_error',
  51: 'decrypt_error', 70: 'protocol_version', 71: 'insufficient_security', 80: 'internal_error',
  86: 'inappropriate_fallback', 90: 'user_canceled', 109: 'missing_extension', 110: 'unsupported_extension',
  112: 'unrecognized_name', 116: 'certificate_required', 120: 'no_application_protocol',
};

export function alertName(description: number): string {
  return ALERT_NAMES[description] ?? `alert_${description}`;
}

interface Record_ {
  type: number;
  body: Buffer;
}

/**
 * Parses everything received so far. `wantCertificates`: keep reading past the ServerHello until
 * the Certificate message (or the end of the server's flight) is seen.
 */
export function parseServerFlight(bytes: Buffer, wantCertificates = false): FlightParse {
  const split = splitRecords(bytes);
  if ('reason' in split) return { kind: 'not-tls', reason: split.reason };
  const handshake: Buffer[] = [];
  let stop: 'alert' | 'encrypted' | undefined;
  let alert: { level: number; description: number } | undefined;
  for (const r of split.records) {
    if (r.type === CONTENT_HANDSHAKE) handshake.push(r.body);
    else if (r.type === CONTENT_ALERT) {
      if (r.body.length >= 2) alert = { level: r.body[0], description: r.body[1] };
      stop = 'alert';
      break;
    } else {
      stop = 'encrypted'; // ChangeCipherSpec or application data: the clear part is over
      break;
    }
  }
  const messages = splitHandshake(Buffer.concat(handshake));
  const first = messages.complete[0];
  if (!first) {
    if (stop === 'alert') return alert ? { kind: 'alert', ...alert, name: alertName(alert.description) } : { kind: 'not-tls', reason: 'empty alert record' };
    if (stop === 'encrypted') return { kind: 'not-tls', reason: 'encrypted records before any ServerHello' };
    return { kind: 'need-more' };
  }
  if (first.type !== HS_SERVER_HELLO) return { kind: 'not-tls', reason: `first handshake message is type ${first.type}, not a ServerHello` };
  const hello = parseServerHello(first.body);
  if (!hello) return { kind: 'not-tls', reason: 'malformed ServerHello' };
  if (!wantCertificates || hello.version >= 0x0304 || hello.helloRetry) return { kind: 'server-hello', hello, complete: true };
  return certificatesAfter(hello, messages, stop !== undefined);
}

function certificatesAfter(hello: ServerHelloInfo, messages: HandshakeSplit, ended: boolean): FlightParse {
  for (const m of messages.complete.slice(1)) {
    if (m.type === HS_CERTIFICATE) return { kind: 'server-hello', hello, certificates: parseCertificateList(m.body), complete: true };
    if (m.type === HS_SERVER_HELLO_DONE) return { kind: 'server-hello', hello, complete: true };
  }
  return { kind: 'server-hello', hello, complete: ended };
}

function splitRecords(bytes: Buffer): { records: Record_[] } | { reason: string } {
  const records: Record_[] = [];
  let at = 0;
  while (at + 5 <= bytes.length) {
    const type = bytes[at];
    const length = bytes.readUInt16BE(at + 3);
    const bad = badHeader(type, bytes[at + 1], bytes[at + 2], length);
    // After a real record (e.g. an alert), MariaDB may follow with a plain MySQL ERR packet.
    if (bad) return records.length ? { records } : { reason: bad };
    if (at + 5 + length > bytes.length) break;
    records.push({ type, body: bytes.subarray(at + 5, at + 5 + length) });
    at += 5 + length;
  }
  return { records };
}

function badHeader(type: number, major: number, minor: number, length: number): string | undefined {
  if (type < CONTENT_CCS || type > CONTENT_APPDATA) return `byte 0x${hex2(type)} is not a TLS record type`;
  if (major !== 3 || minor > 4) return `record version ${hex2(major)}${hex2(minor)} is not TLS`;
  if (length > MAX_RECORD) return `record of ${length} bytes exceeds the TLS maximum`;
  return undefined;
}

interface HandshakeSplit {
  complete: { type: number; body: Buffer }[];
}

function splitHandshake(data: Buffer): HandshakeSplit {
  const complete: { type: number; body: Buffer }[] = [];
  let at = 0;
  while (at + 4 <= data.length) {
    const length = data.readUIntBE(at + 1, 3);
    if (at + 4 + length > data.length) break;
    complete.push({ type: data[at], body: data.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  return { complete };
}

/** ServerHello: version 2, random 32, session id <0..32>, suite 2, compression 1, extensions. */
function parseServerHello(b: Buffer): ServerHelloInfo | undefined {
  if (b.length < 38) return undefined;
  const legacyVersion = b.readUInt16BE(0);
  const helloRetry = b.subarray(2, 34).equals(HRR_RANDOM);
  const sidLength = b[34];
  let at = 35 + sidLength;
  if (sidLength > 32 || at + 3 > b.length) return undefined;
  const cipher = b.readUInt16BE(at);
  at += 3;
  const selected = at + 2 <= b.length ? supportedVersion(b.subarray(at + 2, at + 2 + b.readUInt16BE(at))) : undefined;
  return { version: selected ?? legacyVersion, cipher, helloRetry };
}

/** The supported_versions extension (43) of a ServerHello, if any. */
function supportedVersion(exts: Buffer): number | undefined {
  let at = 0;
  while (at + 4 <= exts.length) {
    const type = exts.readUInt16BE(at);
    const length = exts.readUInt16BE(at + 2);
    if (type === 43 && length === 2 && at + 6 <= exts.length) return exts.readUInt16BE(at + 4);
    at += 4 + length;
  }
  return undefined;
}

/** Certificate (TLS <= 1.2): list length 3, then entries of length 3 + DER. */
function parseCertificateList(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  if (b.length < 3) return out;
  const end = Math.min(b.length, 3 + b.readUIntBE(0, 3));
  let at = 3;
  while (at + 3 <= end && out.length < MAX_CERTIFICATES) {
    const length = b.readUIntBE(at, 3);
    if (at + 3 + length > end) break;
    out.push(Buffer.from(b.subarray(at + 3, at + 3 + length)));
    at += 3 + length;
  }
  return out;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
