import { X509Certificate } from 'node:crypto';
import { connect } from 'node:net';
import { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { authPlugins, createConnection, type AuthPlugin, type Connection as MysqlConnection } from 'mysql2';
import { matchHostname, type HostRules } from '../certs/hostname';
import type { TlsVersion } from '../model/connection';
import type { LoginVerification } from './credentials';
import type { Secret } from '../model/secret';
import { abortReason } from '../model/timeout';

/** Who to log in as; the password stays a Secret until the moment mysql2 needs it. */
export interface AccountTarget {
  host: string;
  port: number;
  user: string;
  password: Secret;
  database?: string;
}

export interface LoginOptions {
  /** Decided by loginDecision (credentials.ts): never chosen here. */
  channel: 'tls' | 'plaintext';
  /** For TLS: what to check of the server's certificate before any auth data is sent. */
  verify?: LoginVerification;
  tls?: LoginTls;
  /** Absolute time (ms since epoch) after which everything is abandoned. */
  deadline: number;
  signal?: AbortSignal;
}

/** The client's CA (none: Node's public roots, as chain.ts judges "system"), identity and TLS versions. */
export interface LoginTls {
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
  minVersion?: TlsVersion;
  maxVersion?: TlsVersion;
  ciphers?: string;
  /**
   * The server certificate (DER) this tool already judged by the client's own trust rules, where
   * those differ from Node's (Java takes a trust anchor as it is, dates unread): the login then
   * accepts exactly that certificate, and sends nothing to any other.
   */
  pinnedLeaf?: Buffer;
}

export interface LoginError {
  errno?: number;
  code?: string;
  message: string;
}

/** An open session; `query` and `close` never throw. */
export interface Session {
  query(sql: string): Promise<Record<string, unknown>[] | undefined>;
  close(): void;
}

export type LoginResult = { session: Session } | { error: LoginError };

/**
 * Opens one mysql2 connection over the channel the credentials rule chose. Over TLS with checks,
 * mysql2 verifies the chain against the client's CA (rejectUnauthorized) and the stream below it
 * holds back every byte after the server's certificate until the host name passed the client's own
 * rules: a refused server receives no auth data. Without TLS, no full password exchange is made.
 */
export function login(target: AccountTarget, o: LoginOptions): Promise<LoginResult> {
  const remaining = Math.max(1, o.deadline - Date.now());
  let conn: MysqlConnection | undefined;
  const pinned = o.verify?.chain ? o.tls?.pinnedLeaf : undefined;
  const hostCheck = o.channel === 'tls' && (o.verify?.host || pinned) ? hostGate(target.host, target.port, o.verify?.host ? o.verify.hostRules : undefined, pinned, () => conn) : undefined;
  conn = createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password.reveal(),
    // No default database: a missing or forbidden one (1049/1044) would hide the TLS facts.
    connectTimeout: remaining,
    ssl: o.channel === 'tls' ? sslOptions(o) : undefined,
    ...(hostCheck ? { stream: () => hostCheck } : {}),
    ...(o.channel === 'plaintext' ? { authPlugins: NO_FULL_AUTH } : {}),
  });
  const c = conn;
  // Late socket errors after we gave up must not become unhandled 'error' events.
  c.on('error', () => undefined);
  return new Promise<LoginResult>((resolve) => {
    const stop = bound(c, remaining, o.signal, (why) => resolve({ error: { code: 'TIMEOUT', message: why } }));
    c.connect((err) => {
      stop();
      if (err) {
        c.destroy();
        resolve({ error: toLoginError(err) });
      } else {
        resolve({ session: session(c, o) });
      }
    });
  });
}

/**
 * TLS as the client does it: its CA and chain check; no host check by mysql2 (its own uses Node's
 * rules and skips IP hosts), the gate does that. Without checks (the client makes none), any
 * protocol version is accepted so the facts can be read.
 */
function sslOptions(o: LoginOptions) {
  const tls = o.tls;
  const identity = tls?.cert && tls.key ? { cert: tls.cert, key: tls.key } : {};
  if (!o.verify?.chain) return { rejectUnauthorized: false, verifyIdentity: false, minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0', ...identity };
  return {
    // A pinned certificate was judged already (the gate lets only that one through).
    rejectUnauthorized: !tls?.pinnedLeaf,
    verifyIdentity: false,
    ...(tls?.ca && tls.ca.length > 0 ? { ca: tls.ca } : {}),
    ...(tls?.minVersion ? { minVersion: tls.minVersion } : {}),
    ...(tls?.maxVersion ? { maxVersion: tls.maxVersion } : {}),
    ...(tls?.ciphers ? { ciphers: tls.ciphers } : {}),
    ...identity,
  };
}

/**
 * The TCP stream under mysql2, which forwards nothing once the server's certificate is known unless
 * the host name passed: the TLS Finished and everything after it (the login) wait for the verdict.
 * Before TLS (the SSLRequest) and before the certificate (the ClientHello) there is nothing to judge.
 */
function hostGate(host: string, port: number, rules: HostRules | undefined, pinnedLeaf: Buffer | undefined, connection: () => MysqlConnection | undefined): Duplex {
  let verdict: Error | null | undefined;
  const judge = (): Error | undefined => {
    if (verdict !== undefined) return verdict ?? undefined;
    const s = (connection() as unknown as { stream?: unknown } | undefined)?.stream;
    if (!(s instanceof TLSSocket)) return undefined;
    const peer = s.getPeerCertificate(true);
    if (!peer?.raw) return undefined;
    if (pinnedLeaf && !peer.raw.equals(pinnedLeaf)) {
      verdict = new Error("the server's certificate is not the one checked before; nothing was sent");
      return verdict;
    }
    const m = rules ? matchHostname(host, new X509Certificate(peer.raw), rules) : undefined;
    verdict = !m || m.matches ? null : Object.assign(new Error(`the server's certificate is not issued for ${host} (it names ${m.names.join(', ') || 'nothing'}); nothing was sent`), { code: HOST_NAME_REFUSED });
    return verdict ?? undefined;
  };
  return gatedSocket(host, port, judge);
}

/** The error code of a login the host-name gate stopped. */
export const HOST_NAME_REFUSED = 'HOSTNAME_MISMATCH';

/** A TCP connection as a stream whose writes pass only while `refused` says nothing. */
function gatedSocket(host: string, port: number, refused: () => Error | undefined): Duplex {
  const socket = connect(port, host);
  socket.setNoDelay(true);
  const gate = new Duplex({
    write(chunk: Buffer, _enc, done) {
      const err = refused();
      if (err) return done(err);
      socket.write(chunk, (e) => done(e ?? null));
    },
    read() {
      socket.resume();
    },
    final(done) {
      socket.end();
      done();
    },
    destroy(err, done) {
      socket.destroy();
      done(err);
    },
  });
  socket.on('data', (d: Buffer) => {
    if (!gate.push(d)) socket.pause();
  });
  socket.on('end', () => gate.push(null));
  socket.on('error', (e) => gate.destroy(e));
  socket.on('close', () => gate.destroy());
  return gate;
}

/**
 * Without TLS, caching_sha2_password's full authentication and sha256_password send the password
 * RSA-encrypted to a key the server hands over unverified (a server in the middle hands its own):
 * refused. The fast path (a hash of the password over the scramble, as every client sends) goes on.
 */
const NO_FULL_AUTH: Record<string, AuthPlugin> = {
  caching_sha2_password: (meta) => {
    const stock = authPlugins.caching_sha2_password({})(meta);
    return (data: Buffer) => {
      if (data.length === 1 && data[0] === PERFORM_FULL_AUTH) throw new Error(FULL_AUTH_REFUSED);
      return stock(data);
    };
  },
  sha256_password: () => () => {
    throw new Error(FULL_AUTH_REFUSED);
  },
};

const PERFORM_FULL_AUTH = 4;
const FULL_AUTH_REFUSED = 'the server asks for the full password exchange, which without TLS hands the password to a key nobody verified: not sent';

function session(conn: MysqlConnection, o: LoginOptions): Session {
  return {
    query: (sql) =>
      new Promise((resolve) => {
        const left = o.deadline - Date.now();
        if (left <= 0 || o.signal?.aborted) return resolve(undefined);
        const stop = bound(conn, left, o.signal, () => resolve(undefined));
        conn.query({ sql, timeout: left }, (err, rows) => {
          stop();
          resolve(err || !Array.isArray(rows) ? undefined : (rows as Record<string, unknown>[]));
        });
      }),
    close: () => conn.destroy(),
  };
}

/** Destroys the connection when the time is up or the caller aborts; returns the disarm. */
function bound(conn: MysqlConnection, ms: number, signal: AbortSignal | undefined, onStop: (why: string) => void): () => void {
  const fire = (why: string) => {
    disarm();
    conn.destroy();
    onStop(why);
  };
  const timer = setTimeout(() => fire(`no answer within ${ms} ms`), ms);
  const onAbort = () => fire(abortReason(signal));
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) queueMicrotask(onAbort);
  function disarm() {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  return disarm;
}

function toLoginError(err: unknown): LoginError {
  const e = err as { errno?: unknown; code?: unknown; message?: unknown; sqlMessage?: unknown };
  const out: LoginError = { message: String(e.sqlMessage ?? e.message ?? err).split('\n')[0] };
  if (typeof e.errno === 'number' && e.errno > 0) out.errno = e.errno;
  if (typeof e.code === 'string') out.code = e.code;
  return out;
}
