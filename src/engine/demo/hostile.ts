/**
 * Hostile server behaviours for `startFakeServer({ raw })`: what no real MySQL server does but a
 * wrong port, a broken proxy or an attacker might. Each one is bounded (timers die with the socket).
 */
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { buildErrPayload, buildPacket, readHeader, type ErrPacket } from '../probe/packets';
import { greetingPayload } from './fakeServer';

export type RawBehaviour = (socket: Socket) => void;

/** Accepts and never speaks. */
export const silent: RawBehaviour = () => {};

/** A well-framed first packet whose payload is not a greeting (protocol byte 7, then noise). */
export const garbageGreeting: RawBehaviour = (s) => {
  s.write(buildPacket(0, Buffer.concat([Buffer.from([7]), randomBytes(40)])));
};

/** A text banner (`SSH-2.0-…`, `HTTP/1.1 …`) where the greeting belongs. */
export function banner(text: string): RawBehaviour {
  return (s) => s.write(text);
}

/** The first half of a real greeting, then silence. */
export const halfGreeting: RawBehaviour = (s) => {
  const whole = buildPacket(0, greetingPayload({ greetingTls: true }));
  s.write(whole.subarray(0, whole.length >> 1));
};

/** A header announcing a 16 MB packet, followed by a trickle of filler. */
export const hugeLength: RawBehaviour = (s) => {
  s.write(Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0]), Buffer.alloc(1024, 0x41)]));
};

/** A real greeting, one byte a second. */
export const drip: RawBehaviour = (s) => {
  const whole = buildPacket(0, greetingPayload({ greetingTls: true }));
  let at = 0;
  const timer = setInterval(() => {
    if (at >= whole.length || s.destroyed) return clearInterval(timer);
    s.write(whole.subarray(at, ++at));
  }, 1000);
  s.once('close', () => clearInterval(timer));
};

/** An ERR packet instead of a greeting. */
export function errGreeting(err: ErrPacket): RawBehaviour {
  return (s) => s.end(buildPacket(0, buildErrPayload(err)));
}

/**
 * A greeting with CLIENT_SSL; after the SSLRequest, `onHello` gets the first bytes of the
 * ClientHello (bounded: at most 64 KiB are collected).
 */
export function afterSslRequest(onHello: (s: Socket, hello: Buffer) => void): RawBehaviour {
  return (s) => {
    s.write(buildPacket(0, greetingPayload({ greetingTls: true })));
    let buf = Buffer.alloc(0);
    let answered = false;
    s.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (answered || buf.length > 64 * 1024) return;
      const h = readHeader(buf);
      if (!h || buf.length < 4 + h.length + 5) return; // the SSLRequest and a record header
      answered = true;
      onHello(s, buf.subarray(4 + h.length));
    });
  };
}

/** Closes the connection as soon as the ClientHello starts. */
export const closeDuringTls: RawBehaviour = afterSslRequest((s) => s.destroy());

/** Answers any ClientHello with a fatal TLS alert (40: handshake_failure by default). */
export function alertOnHello(description = 40): RawBehaviour {
  return afterSslRequest((s) => s.end(record(21, Buffer.from([2, description]))));
}

/** A TLS 1.2 ServerHello, then a Certificate message holding `count` copies of `der`. */
export function manyCertificates(der: Buffer, count: number): RawBehaviour {
  return afterSslRequest((s) => s.end(serverFlight(Array.from({ length: count }, () => der))));
}

/** A TLS 1.2 ServerHello, then one certificate of `size` random bytes. */
export function hugeCertificate(size: number): RawBehaviour {
  return afterSslRequest((s) => s.end(serverFlight([randomBytes(size)])));
}

/** ServerHello (TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256) + Certificate + ServerHelloDone, as records. */
export function serverFlight(certificates: Buffer[]): Buffer {
  // empty session id, the suite, no compression, then renegotiation_info (OpenSSL insists on it)
  const hello = Buffer.concat([Buffer.from([3, 3]), randomBytes(32), Buffer.from([0, 0xc0, 0x2f, 0, 0, 5, 0xff, 0x01, 0, 1, 0])]);
  const entries = Buffer.concat(certificates.map((c) => Buffer.concat([u24(c.length), c])));
  const messages = Buffer.concat([
    handshake(2, hello),
    handshake(11, Buffer.concat([u24(entries.length), entries])),
    handshake(14, Buffer.alloc(0)),
  ]);
  const records: Buffer[] = [];
  for (let at = 0; at < messages.length; at += 16384) records.push(record(22, messages.subarray(at, at + 16384)));
  return Buffer.concat(records);
}

export function record(type: number, body: Buffer): Buffer {
  const head = Buffer.from([type, 3, 3, 0, 0]);
  head.writeUInt16BE(body.length, 3);
  return Buffer.concat([head, body]);
}

function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u24(body.length), body]);
}

function u24(n: number): Buffer {
  const b = Buffer.alloc(3);
  b.writeUIntBE(n, 0, 3);
  return b;
}
