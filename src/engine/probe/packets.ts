/**
 * MySQL client/server protocol framing: the packet header, the initial greeting (HandshakeV10),
 * the ERR packet and the SSLRequest. Parsers take untrusted bytes and never throw.
 */
import type { Greeting } from './types';

export const CLIENT_LONG_PASSWORD = 0x1;
export const CLIENT_PROTOCOL_41 = 0x200;
export const CLIENT_SSL = 0x800;
export const CLIENT_SECURE_CONNECTION = 0x8000;
export const CLIENT_PLUGIN_AUTH = 0x80000;

/** A greeting longer than this is not a MySQL greeting (real ones are under 200 bytes). */
export const MAX_GREETING_LENGTH = 64 * 1024;

export interface PacketHeader {
  length: number;
  seq: number;
}

export function readHeader(buf: Buffer): PacketHeader | undefined {
  if (buf.length < 4) return undefined;
  return { length: buf.readUIntLE(0, 3), seq: buf[3] };
}

export interface ErrPacket {
  errno: number;
  sqlState?: string;
  message: string;
}

export type GreetingParse =
  | { kind: 'greeting'; greeting: Greeting }
  | { kind: 'error'; error: ErrPacket }
  | { kind: 'invalid'; reason: string };

/** Parses the payload of the first packet the server sends. */
export function parseGreeting(payload: Buffer): GreetingParse {
  if (payload.length === 0) return { kind: 'invalid', reason: 'empty first packet' };
  if (payload[0] === 0xff) {
    const error = parseErr(payload);
    return error ? { kind: 'error', error } : { kind: 'invalid', reason: 'malformed ERR packet' };
  }
  if (payload[0] !== 10) return { kind: 'invalid', reason: `protocol version ${payload[0]}, expected 10` };
  return parseHandshakeV10(payload);
}

function parseHandshakeV10(p: Buffer): GreetingParse {
  const versionEnd = p.indexOf(0, 1);
  // version NUL, thread id 4, scramble 8, filler 1, capability low 2
  if (versionEnd < 0 || versionEnd + 16 > p.length) return { kind: 'invalid', reason: 'greeting too short' };
  const serverVersion = withoutReplicationPrefix(p.toString('latin1', 1, versionEnd));
  if (!isPrintable(serverVersion)) return { kind: 'invalid', reason: 'server version is not text' };
  let at = versionEnd + 1;
  const connectionId = p.readUInt32LE(at);
  at += 4 + 8 + 1;
  let capabilities = p.readUInt16LE(at);
  at += 2;
  const greeting: Greeting = {
    protocolVersion: 10,
    serverVersion,
    connectionId,
    capabilities,
    tlsSupported: (capabilities & CLIENT_SSL) !== 0,
  };
  if (at + 16 > p.length) return { kind: 'greeting', greeting }; // old servers stop here
  greeting.charset = p[at];
  greeting.status = p.readUInt16LE(at + 1);
  capabilities = (capabilities | (p.readUInt16LE(at + 3) << 16)) >>> 0;
  greeting.capabilities = capabilities;
  const authDataLength = p[at + 5];
  at += 16; // charset 1, status 2, cap high 2, auth length 1, reserved 10
  if (capabilities & CLIENT_SECURE_CONNECTION) at += Math.max(13, authDataLength - 8);
  if (capabilities & CLIENT_PLUGIN_AUTH && at < p.length) {
    const end = p.indexOf(0, at);
    const plugin = p.toString('latin1', at, end < 0 ? p.length : end);
    if (plugin && isPrintable(plugin)) greeting.authPlugin = plugin;
  }
  return { kind: 'greeting', greeting };
}

/** ERR packet: 0xff, errno 2, then `#` + 5-byte SQLSTATE (protocol 4.1), then the message. */
export function parseErr(p: Buffer): ErrPacket | undefined {
  if (p.length < 3 || p[0] !== 0xff) return undefined;
  const errno = p.readUInt16LE(1);
  if (p.length >= 9 && p[3] === 0x23) {
    return { errno, sqlState: p.toString('latin1', 4, 9), message: cleanText(p.subarray(9)) };
  }
  return { errno, message: cleanText(p.subarray(3)) };
}

/** SSLRequest: the 32-byte packet (seq 1) that asks the server to switch to TLS. */
export function buildSslRequest(charset = 33): Buffer {
  const caps = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH;
  const packet = Buffer.alloc(4 + 32);
  packet.writeUIntLE(32, 0, 3);
  packet[3] = 1;
  packet.writeUInt32LE(caps >>> 0, 4);
  packet.writeUInt32LE(16 * 1024 * 1024, 8);
  packet[12] = charset;
  return packet; // the 23 filler bytes stay zero
}

/** Builds a packet (header + payload); used by the fake servers. */
export function buildPacket(seq: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = seq & 0xff;
  return Buffer.concat([header, payload]);
}

export function buildErrPayload(err: ErrPacket): Buffer {
  const head = Buffer.alloc(3);
  head[0] = 0xff;
  head.writeUInt16LE(err.errno & 0xffff, 1);
  const state = err.sqlState ? Buffer.from(`#${err.sqlState.padEnd(5, '0').slice(0, 5)}`, 'latin1') : Buffer.alloc(0);
  return Buffer.concat([head, state, Buffer.from(err.message, 'utf8')]);
}

/** Hex of at most 32 bytes, for `not-mysql` evidence. */
export function firstBytesHex(buf: Buffer): string {
  return buf.subarray(0, 32).toString('hex');
}

/** Printable ASCII of the first bytes, e.g. to name an HTTP or SSH banner. */
export function printablePrefix(buf: Buffer, max = 40): string {
  let out = '';
  for (const b of buf.subarray(0, max)) out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  return out;
}

/** MariaDB announces `5.5.5-10.11.19-MariaDB` so that old replicas accept it; clients strip it. */
function withoutReplicationPrefix(v: string): string {
  return v.startsWith('5.5.5-') && v.includes('MariaDB') ? v.slice(6) : v;
}

function isPrintable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function cleanText(b: Buffer): string {
  return b.toString('utf8').replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 512);
}
