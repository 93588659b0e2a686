/** Connect and read the MySQL greeting: the first step of every probe. */
import type { Socket } from 'node:net';
import { aborted, connectTcp, where, withSaneTimeout } from './connect';
import { MAX_GREETING_LENGTH, buildSslRequest, firstBytesHex, parseGreeting, printablePrefix, readHeader } from './packets';
import { readUntil, type ReadOutcome } from './reader';
import type { Greeting, ProbeFailure, ProbeOptions, ProbeTarget } from './types';

export interface Opened {
  socket?: Socket;
  address?: string;
  greeting?: Greeting;
  failure?: ProbeFailure;
}

type FirstPacket = { payload: Buffer; seq: number } | { tooLong: number };

/** Connects, reads the greeting, nothing more. */
export async function readGreeting(
  t: ProbeTarget,
  o: ProbeOptions,
): Promise<{ address?: string; greeting?: Greeting; failure?: ProbeFailure }> {
  o = withSaneTimeout(o);
  const { socket, ...rest } = await openMysql(t, o, Date.now() + o.timeoutMs);
  socket?.destroy();
  return rest;
}

/** Connects and reads the greeting; on success the socket stays open (paused) for the caller. */
export async function openMysql(t: ProbeTarget, o: ProbeOptions, deadline: number): Promise<Opened> {
  const c = await connectTcp(t, o, deadline);
  if ('failure' in c) return { failure: c.failure };
  const read = await readUntil(c.socket, deadline, firstPacket, MAX_GREETING_LENGTH + 4, o.signal);
  const result = interpret(read, t, o);
  if (result.failure) {
    c.socket.destroy();
    o.log?.(`failed: ${result.failure.message}`);
    return { address: c.address, failure: result.failure };
  }
  const g = result.greeting!;
  o.log?.(`greeting: ${g.serverVersion}, CLIENT_SSL ${g.tlsSupported ? 'yes' : 'no'}`);
  return { socket: c.socket, address: c.address, greeting: g };
}

/** openMysql, then the SSLRequest: the socket is ready for a ClientHello. */
export async function openForTls(t: ProbeTarget, o: ProbeOptions, deadline: number): Promise<Opened> {
  const opened = await openMysql(t, o, deadline);
  if (!opened.socket || !opened.greeting) return opened;
  if (!opened.greeting.tlsSupported) {
    opened.socket.destroy();
    return { address: opened.address, greeting: opened.greeting };
  }
  opened.socket.write(buildSslRequest());
  return opened;
}

function firstPacket(bytes: Buffer): FirstPacket | undefined {
  const h = readHeader(bytes);
  if (!h) return undefined;
  if (h.length > MAX_GREETING_LENGTH) return { tooLong: h.length };
  if (bytes.length < 4 + h.length) return undefined;
  return { payload: bytes.subarray(4, 4 + h.length), seq: h.seq };
}

function interpret(read: ReadOutcome<FirstPacket>, t: ProbeTarget, o: ProbeOptions): { greeting?: Greeting; failure?: ProbeFailure } {
  const v = read.value;
  if (!v) return { failure: noGreeting(read, t, o) };
  if ('tooLong' in v) return { failure: notMysql(read.bytes, `announces a ${v.tooLong}-byte first packet`) };
  if (v.seq !== 0) return { failure: notMysql(read.bytes, `first packet has sequence number ${v.seq}, expected 0`) };
  const p = parseGreeting(v.payload);
  if (p.kind === 'greeting') return { greeting: p.greeting };
  if (p.kind === 'invalid') return { failure: notMysql(read.bytes, p.reason) };
  const e = p.error;
  const failure: ProbeFailure = { kind: 'server-refused', errno: e.errno, message: `the server refused the connection: ERROR ${e.errno}${e.sqlState ? ` (${e.sqlState})` : ''}: ${e.message}` };
  if (e.sqlState) failure.sqlState = e.sqlState;
  return { failure };
}

function noGreeting(read: ReadOutcome<FirstPacket>, t: ProbeTarget, o: ProbeOptions): ProbeFailure {
  const got = read.bytes.length;
  const partial = got ? `after ${got} bytes of an incomplete greeting` : 'before sending a greeting';
  switch (read.end) {
    case 'timeout':
      return {
        kind: 'timeout',
        message: got
          ? `${where(t)} sent ${got} bytes of a greeting and then nothing within ${o.timeoutMs} ms`
          : `${where(t)} accepted the connection but sent no greeting within ${o.timeoutMs} ms (a MySQL server speaks first)`,
      };
    case 'aborted':
      return aborted(o.signal);
    case 'overflow':
      return notMysql(read.bytes, 'sent more than a greeting can hold');
    default:
      return { kind: 'reset', message: `${where(t)} closed the connection ${partial}` };
  }
}

function notMysql(bytes: Buffer, reason: string): ProbeFailure {
  const guess = guessProtocol(bytes);
  return {
    kind: 'not-mysql',
    message: `the port does not answer with a MySQL greeting: ${reason}${guess ? `; it looks like ${guess}` : ''} ("${printablePrefix(bytes)}")`,
    firstBytes: firstBytesHex(bytes),
  };
}

/** Names the usual suspects found on a database port by mistake. */
function guessProtocol(b: Buffer): string | undefined {
  const head = b.toString('latin1', 0, 8);
  if (head.startsWith('SSH-')) return 'an SSH server';
  if (head.startsWith('HTTP/')) return 'an HTTP server';
  if ((b[0] === 0x15 || b[0] === 0x16) && b[1] === 0x03) return 'a TLS server (expects a ClientHello first)';
  if (head.startsWith('+OK') || head.startsWith('220 ')) return 'a mail server';
  if (head.startsWith('-ERR') || head.startsWith('-NOAUTH')) return 'a Redis server';
  return undefined;
}
