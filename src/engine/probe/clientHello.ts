/**
 * Hand-written TLS ClientHello records. They are read only up to the ServerHello (or alert), so
 * they need not lead to a usable session: the TLS 1.3 key share is 32 random bytes. Written by
 * hand so the probe sees every version the server offers, whatever the local TLS library allows.
 */
import { randomBytes } from 'node:crypto';
import { sniName } from '../certs/hostname';
import type { TlsVersion } from '../model/connection';

export const WIRE_VERSION: Readonly<Record<TlsVersion, number>> = {
  TLSv1: 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

export interface HelloSpec {
  version: TlsVersion;
  /** Cipher suite code points, in preference order. */
  suites: number[];
  /** Sent as SNI when it is a DNS name. */
  servername?: string;
}

const EXT_SERVER_NAME = 0;
const EXT_SUPPORTED_GROUPS = 10;
const EXT_EC_POINT_FORMATS = 11;
const EXT_SIGNATURE_ALGORITHMS = 13;
const EXT_EXTENDED_MASTER_SECRET = 23;
const EXT_SUPPORTED_VERSIONS = 43;
const EXT_PSK_MODES = 45;
const EXT_KEY_SHARE = 51;
const GROUP_X25519 = 0x001d;
const SCSV_RENEGOTIATION = 0x00ff;

/** x25519, P-256, P-384, P-521, x448, ffdhe2048, ffdhe3072. */
const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101];
/** ECDSA, RSA-PSS, EdDSA, RSA PKCS#1 (SHA-2 then SHA-1, which old servers still need). */
const SIGNATURE_ALGORITHMS = [
  0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0807, 0x0808, 0x0401, 0x0501, 0x0601,
  0x0303, 0x0301, 0x0302, 0x0203, 0x0201, 0x0202,
];

/** One TLS record holding one ClientHello. */
export function buildClientHello(spec: HelloSpec): Buffer {
  const tls13 = spec.version === 'TLSv1.3';
  const suites = tls13 ? spec.suites : [...spec.suites, SCSV_RENEGOTIATION];
  const body = Buffer.concat([
    u16(tls13 ? 0x0303 : WIRE_VERSION[spec.version]),
    randomBytes(32),
    vec8(randomBytes(32)), // a session id, as TLS 1.3 middlebox compatibility mode sends
    vec16(Buffer.concat(suites.map(u16))),
    vec8(Buffer.from([0])), // no compression
    vec16(Buffer.concat(extensions(spec, tls13))),
  ]);
  const handshake = Buffer.concat([Buffer.from([1]), u24(body.length), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), u16(handshake.length), handshake]);
}

function extensions(spec: HelloSpec, tls13: boolean): Buffer[] {
  const out: Buffer[] = [];
  const sni = spec.servername ? sniName(spec.servername) : undefined;
  if (sni) {
    const name = Buffer.from(sni, 'ascii');
    out.push(ext(EXT_SERVER_NAME, vec16(Buffer.concat([Buffer.from([0]), vec16(name)]))));
  }
  out.push(ext(EXT_SUPPORTED_GROUPS, vec16(Buffer.concat(GROUPS.map(u16)))));
  out.push(ext(EXT_EC_POINT_FORMATS, vec8(Buffer.from([0]))));
  out.push(ext(EXT_SIGNATURE_ALGORITHMS, vec16(Buffer.concat(SIGNATURE_ALGORITHMS.map(u16)))));
  if (!tls13) {
    out.push(ext(EXT_EXTENDED_MASTER_SECRET, Buffer.alloc(0)));
    return out;
  }
  out.push(ext(EXT_SUPPORTED_VERSIONS, vec8(u16(0x0304))));
  out.push(ext(EXT_PSK_MODES, vec8(Buffer.from([1]))));
  out.push(ext(EXT_KEY_SHARE, vec16(Buffer.concat([u16(GROUP_X25519), vec16(randomBytes(32))]))));
  return out;
}

function ext(type: number, data: Buffer): Buffer {
  return Buffer.concat([u16(type), vec16(data)]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n & 0xffff);
  return b;
}

function u24(n: number): Buffer {
  const b = Buffer.alloc(3);
  b.writeUIntBE(n, 0, 3);
  return b;
}

function vec8(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([data.length]), data]);
}

function vec16(data: Buffer): Buffer {
  return Buffer.concat([u16(data.length), data]);
}
