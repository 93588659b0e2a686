import { createConnection, type Connection as MysqlConnection } from 'mysql2';
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
  useTls: boolean;
  tls?: { ca?: Buffer[]; cert?: Buffer; key?: Buffer };
  /** Absolute time (ms since epoch) after which everything is abandoned. */
  deadline: number;
  signal?: AbortSignal;
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
 * Opens one mysql2 connection. Over TLS it accepts any certificate and old protocol versions:
 * this login only reads facts; the client's own checks are judged elsewhere.
 */
export function login(target: AccountTarget, o: LoginOptions): Promise<LoginResult> {
  const remaining = Math.max(1, o.deadline - Date.now());
  const conn = createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password.reveal(),
    // No default database: a missing or forbidden one (1049/1044) would hide the TLS facts.
    connectTimeout: remaining,
    ssl: o.useTls ? permissiveSsl(o.tls) : undefined,
  });
  // Late socket errors after we gave up must not become unhandled 'error' events.
  conn.on('error', () => undefined);
  return new Promise<LoginResult>((resolve) => {
    const stop = bound(conn, remaining, o.signal, (why) => resolve({ error: { code: 'TIMEOUT', message: why } }));
    conn.connect((err) => {
      stop();
      if (err) {
        conn.destroy();
        resolve({ error: toLoginError(err) });
      } else {
        resolve({ session: session(conn, o) });
      }
    });
  });
}

function permissiveSsl(tls: LoginOptions['tls']) {
  return {
    rejectUnauthorized: false,
    minVersion: 'TLSv1' as const,
    ciphers: 'DEFAULT:@SECLEVEL=0',
    ...(tls?.ca && tls.ca.length > 0 ? { ca: tls.ca } : {}),
    ...(tls?.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
  };
}

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
