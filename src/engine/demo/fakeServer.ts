/**
 * A small in-process MySQL-greeting server on 127.0.0.1 (random port), for tests and for
 * `mysql-tls-doctor demo`. It speaks just enough protocol for the probe: a greeting (with or
 * without CLIENT_SSL), the switch to TLS after an SSLRequest, then an ERR packet and close.
 * `raw` hands the socket to a hostile behaviour instead.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import {
  CLIENT_PLUGIN_AUTH,
  CLIENT_PROTOCOL_41,
  CLIENT_SECURE_CONNECTION,
  CLIENT_SSL,
  buildErrPayload,
  buildPacket,
  readHeader,
  type ErrPacket,
} from '../probe/packets';
import type { TlsVersion } from '../model/connection';

export interface FakeTlsOptions {
  key: string | Buffer;
  /** The chain the server presents, PEM, leaf first. */
  cert: string | Buffer;
  minVersion?: TlsVersion;
  maxVersion?: TlsVersion;
  /** OpenSSL cipher list (TLS 1.2 and below); add `@SECLEVEL=0` for TLS 1.0/1.1. */
  ciphers?: string;
  /** Key-exchange groups, e.g. `P-256` (a TLS 1.3 client offering only x25519 then gets a HelloRetryRequest). */
  ecdhCurve?: string;
}

export interface FakeServerOptions {
  tls?: FakeTlsOptions;
  /** Announce CLIENT_SSL in the greeting. */
  greetingTls: boolean;
  serverVersion?: string;
  /** The authentication plugin the greeting names (default mysql_native_password; MySQL 8: caching_sha2_password). */
  authPlugin?: string;
  /** Send this ERR packet instead of a greeting, then close. */
  errPacket?: ErrPacket;
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: '127.0.0.1' | '::1';
  /** After a completed TLS handshake: refuse the login (default), hang up, or never answer. */
  afterTls?: 'deny' | 'close' | 'stall';
  /** Take over the connection (hostile behaviours); nothing else is sent. */
  raw?: (socket: net.Socket) => void;
}

export interface FakeServer {
  port: number;
  /** The SNI names clients sent in their ClientHellos (those without SNI add nothing), in order. */
  servernames: string[];
  close(): Promise<void>;
}

const ACCESS_DENIED: ErrPacket = { errno: 1045, sqlState: '28000', message: "Access denied for user (fake server: the probe's work ends here)" };

export async function startFakeServer(opts: FakeServerOptions): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  const servernames: string[] = [];
  const context = opts.tls ? secureContext(opts.tls) : undefined;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (opts.raw) return opts.raw(socket);
    if (opts.errPacket) return void socket.end(buildPacket(0, buildErrPayload(opts.errPacket)));
    socket.write(buildPacket(0, greetingPayload(opts)));
    awaitClientPacket(socket, (payload) => answer(socket, payload, context, sockets, servernames, opts.afterTls ?? 'deny'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    servernames,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function secureContext(t: FakeTlsOptions): tls.SecureContext {
  return tls.createSecureContext({
    key: t.key,
    cert: t.cert,
    minVersion: t.minVersion,
    maxVersion: t.maxVersion,
    ciphers: t.ciphers,
    ecdhCurve: t.ecdhCurve,
  });
}

/** HandshakeV10 as MariaDB sends it, with mysql_native_password unless told otherwise. */
export function greetingPayload(opts: Pick<FakeServerOptions, 'greetingTls' | 'serverVersion' | 'authPlugin'>): Buffer {
  let caps = 0xf7ff & ~CLIENT_SSL; // the usual low capability bits of a MariaDB server
  caps |= CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH;
  if (opts.greetingTls) caps |= CLIENT_SSL;
  const version = Buffer.from(`${opts.serverVersion ?? '10.11.99-MariaDB-fake'}\0`, 'latin1');
  const fixed = Buffer.alloc(4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10);
  let at = 0;
  at = fixed.writeUInt32LE(7, at); // connection id
  randomBytes(8).copy(fixed, at);
  at += 8 + 1;
  at = fixed.writeUInt16LE(caps & 0xffff, at);
  fixed[at++] = 33; // utf8_general_ci
  at = fixed.writeUInt16LE(2, at); // SERVER_STATUS_AUTOCOMMIT
  at = fixed.writeUInt16LE(caps >>> 16, at);
  fixed[at] = 21;
  const scramble2 = Buffer.concat([randomBytes(12), Buffer.from([0])]);
  return Buffer.concat([Buffer.from([10]), version, fixed, scramble2, Buffer.from(`${opts.authPlugin ?? 'mysql_native_password'}\0`, 'latin1')]);
}

/** Waits for one complete client packet (bounded: a client packet here is small). */
function awaitClientPacket(socket: net.Socket, then: (payload: Buffer) => void): void {
  let buf = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    const h = readHeader(buf);
    if (!h) return;
    if (h.length > 64 * 1024) return void socket.destroy();
    if (buf.length < 4 + h.length) return;
    socket.removeListener('data', onData);
    // Paused, so that unshift keeps the bytes for tls instead of emitting them to nobody.
    socket.pause();
    // The ClientHello often arrives in the same chunk as the SSLRequest: give it back to the stream.
    if (buf.length > 4 + h.length) socket.unshift(buf.subarray(4 + h.length));
    then(buf.subarray(4, 4 + h.length));
  };
  socket.on('data', onData);
}

function answer(
  socket: net.Socket, payload: Buffer, context: tls.SecureContext | undefined, sockets: Set<net.Socket>, servernames: string[],
  afterTls: NonNullable<FakeServerOptions['afterTls']>,
): void {
  const wantsTls = payload.length === 32 && (payload.readUInt32LE(0) & CLIENT_SSL) !== 0;
  if (!wantsTls || !context) return void socket.end(buildPacket(2, buildErrPayload(ACCESS_DENIED)));
  // SNICallback runs while the ClientHello is read, so the name is recorded before the client finishes.
  const SNICallback = (name: string, cb: (err: Error | null, ctx?: tls.SecureContext) => void) => {
    servernames.push(name);
    cb(null, context);
  };
  const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context, SNICallback });
  sockets.add(secure);
  secure.on('error', () => socket.destroy());
  secure.on('close', () => sockets.delete(secure));
  secure.once('secure', () => {
    // A real server now waits for the handshake response; the probe only needs the handshake.
    if (afterTls === 'deny') secure.end(buildPacket(2, buildErrPayload(ACCESS_DENIED)));
    else if (afterTls === 'close') secure.destroy();
    // 'stall': read and never answer, as a server or proxy that hangs after TLS.
  });
}
