// go-sql-driver/mysql DSNs: `user:pass@tcp(host:port)/db?tls=true|false|skip-verify|preferred|<name>`.
import type { Connection, Dialect, SslMode } from '../model/connection';
import { Secret } from '../model/secret';
import { applyHostPort, paramLocation, parseQuery, type QueryParam } from './urlParts';
import { findChar, finish, location, newConnection, percentDecode, problem, setParam, span, type ReadContext } from './text';
import { lookup } from './values';

export const GO_NETS = ['tcp', 'tcp4', 'tcp6', 'unix'];

const TLS_VALUES: Record<string, SslMode> = {
  true: 'VERIFY_IDENTITY',
  '1': 'VERIFY_IDENTITY',
  '0': 'DISABLED',
  'skip-verify': 'REQUIRED',
  preferred: 'PREFERRED',
  false: 'DISABLED',
};

/** Where the pieces of a DSN are, given its bounds and the offset of its network name (`tcp`). */
export interface GoParts {
  netStart: number;
  addr: { start: number; end: number };
  db: { start: number; end: number };
  query?: { start: number; end: number };
}

/** Finds `net(addr)/` in text[start,end): at `start`, or right after the last userinfo `@`. */
export function locateGo(text: string, start: number, end: number): GoParts | undefined {
  const netStart = netAt(text, start, end) ? start : findNetAfterAt(text, start, end);
  if (netStart < 0) return undefined;
  const open = findChar(text, '(', netStart, Math.min(end, netStart + 6));
  if (open < 0) return undefined;
  const close = findChar(text, ')', open + 1, end);
  if (close < 0 || text[close + 1] !== '/') return undefined;
  const q = findChar(text, '?', close + 2, end);
  const parts: GoParts = { netStart, addr: span(open + 1, close), db: span(close + 2, q < 0 ? end : q) };
  if (q >= 0) parts.query = span(q + 1, end);
  return parts;
}

function netAt(text: string, i: number, end: number): boolean {
  for (const n of GO_NETS) if (i + n.length < end && text.startsWith(n + '(', i)) return true;
  return false;
}

function findNetAfterAt(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) if (text[i] === '@' && netAt(text, i + 1, end)) return i + 1;
  return -1;
}

export function readGoDsn(text: string, start: number, end: number, ctx: ReadContext, dialect: Dialect = 'go-dsn'): Connection | undefined {
  const parts = locateGo(text, start, end);
  if (!parts) return undefined;
  const c = newConnection(ctx, dialect, 'go-dsn', 'go', span(start, end));
  if (parts.netStart > start) applyUserinfo(text, start, parts.netStart - 1, c);
  applyAddress(text, parts, c);
  if (parts.db.end > parts.db.start) {
    c.database = percentDecode(text.slice(parts.db.start, parts.db.end));
    setParam(c, 'database', location('database', parts.db.start, parts.db.end, parts.db.start, parts.db.end));
  }
  const query = parts.query ? parseQuery(text, parts.query.start, parts.query.end) : [];
  const tls = query.filter((q) => q.key === 'tls').pop();
  if (tls) applyTls(c, tls);
  return finish(c);
}

/** `user[:password]` between start and at: the password kept as a Secret, never in the user name. */
export function applyUserinfo(text: string, start: number, at: number, c: Connection): void {
  const colon = findChar(text, ':', start, at);
  const userEnd = colon < 0 ? at : colon;
  if (userEnd > start) {
    c.user = text.slice(start, userEnd);
    setParam(c, 'user', location('user', start, userEnd, start, userEnd));
  }
  if (colon >= 0) {
    c.password = new Secret(text.slice(colon + 1, at));
    setParam(c, 'password', location('password', colon, at, colon + 1, at));
  }
}

function applyAddress(text: string, parts: GoParts, c: Connection): void {
  if (text.startsWith('unix', parts.netStart)) {
    c.socket = text.slice(parts.addr.start, parts.addr.end);
    setParam(c, 'socket', location('socket', parts.addr.start, parts.addr.end, parts.addr.start, parts.addr.end));
    return;
  }
  applyHostPort(text, parts.addr, c);
}

function applyTls(c: Connection, qp: QueryParam): void {
  const loc = paramLocation(qp);
  const word = qp.value.trim();
  const mode = lookup(TLS_VALUES, word.toLowerCase());
  setParam(c, 'mode', loc);
  if (mode) {
    c.tls.mode = mode;
    if (word.toLowerCase() === 'skip-verify' || word.toLowerCase() === 'preferred') c.tls.verifyServerCert = false;
    return;
  }
  if (!word) {
    c.problems.push(problem('tls= has no value (expected true, false, skip-verify, preferred or a registered config name)', qp.span.start, qp.span.end));
    return;
  }
  // A tls.Config registered with mysql.RegisterTLSConfig: TLS is on, what it verifies is in the Go code.
  c.tls.mode = 'REQUIRED';
  c.tls.profile = word;
  setParam(c, 'profile', loc);
}
