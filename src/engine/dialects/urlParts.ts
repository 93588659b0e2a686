// Splits URL-shaped connection strings (mysql://, mariadb://, jdbc:mysql://) into spans:
// userinfo, host list, path, query. Every search is bounded by the string's own end.
import type { Connection, ParseProblem } from '../model/connection';
import type { Span } from '../model/span';
import { isIPv6 } from 'node:net';
import { findChar, findLastChar, location, percentDecode, problem, setParam, span } from './text';
import { Secret } from '../model/secret';

export interface UrlParts {
  /** Lower-cased scheme without `://`. */
  scheme: string;
  user?: Span;
  password?: Span;
  /** Everything between `@` (or `://`) and the path: one host or a list. */
  hosts: Span;
  /** The database name, without the leading `/`. */
  path?: Span;
  /** The query without the leading `?`. */
  query?: Span;
}

export function splitUrl(text: string, start: number, end: number): UrlParts | undefined {
  const sep = text.indexOf('://', start);
  if (sep < 0 || sep >= end) return undefined;
  const scheme = text.slice(start, sep).toLowerCase();
  const authStart = sep + 3;
  const q = findChar(text, '?', authStart, end);
  const beforeQuery = q < 0 ? end : q;
  const at = findLastChar(text, '@', authStart, beforeQuery);
  const hostStart = at < 0 ? authStart : at + 1;
  const slash = findTopLevel(text, '/', hostStart, beforeQuery);
  const hostEnd = slash < 0 ? beforeQuery : slash;
  const parts: UrlParts = { scheme, hosts: span(hostStart, hostEnd) };
  if (at >= 0) {
    const colon = findChar(text, ':', authStart, at);
    parts.user = span(authStart, colon < 0 ? at : colon);
    if (colon >= 0) parts.password = span(colon + 1, at);
  }
  if (slash >= 0) parts.path = span(slash + 1, beforeQuery);
  if (q >= 0) parts.query = span(q + 1, end);
  return parts;
}

/** First `ch` outside (...) and [...], or -1. */
function findTopLevel(text: string, ch: string, from: number, end: number): number {
  let depth = 0;
  for (let i = from; i < end; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === ch && depth === 0) return i;
  }
  return -1;
}

/** Top-level comma-separated pieces of a host list (`h1:3306,h2`, `[h1,h2]`, `(host=a,port=1),(...)`). */
function splitHosts(text: string, s: Span): Span[] {
  let { start, end } = s;
  if (text[start] === '[' && text[end - 1] === ']') {
    const inner = text.slice(start + 1, end - 1);
    // `[::1]` is an IPv6 address; `[h1,h2]` / `[(address=..)]` is a list (X DevAPI).
    if (inner.includes(',') || inner.includes('(')) {
      start++;
      end--;
    }
  }
  const out: Span[] = [];
  let from = start;
  for (;;) {
    const comma = findTopLevel(text, ',', from, end);
    out.push(span(from, comma < 0 ? end : comma));
    if (comma < 0) return out;
    from = comma + 1;
  }
}

export interface HostPort {
  host?: string;
  /** The host as written (with brackets) and just the name. */
  hostSpan?: Span;
  hostValue?: Span;
  port?: number;
  portSpan?: Span;
  portValue?: Span;
  socket?: string;
  problems: ParseProblem[];
}

/** One host entry: `h`, `h:p`, `[v6]:p`, `(host=h,port=p)`, `address=(host=h)(port=p)`, `(/socket)`, `%2Ftmp%2Fs.sock`. */
function parseHostPort(text: string, s: Span): HostPort {
  const raw = text.slice(s.start, s.end);
  const out: HostPort = { problems: [] };
  if (!raw) return out;
  if (raw.startsWith('(/') || raw.startsWith('(.')) {
    out.socket = percentDecode(raw.slice(1, raw.endsWith(')') ? -1 : undefined));
    return out;
  }
  if (raw.startsWith('(') || /^address=/i.test(raw)) return keyValueHost(text, s, out);
  let hostEnd = s.end;
  let nameStart = s.start;
  let nameEnd = s.end;
  if (raw.startsWith('[')) {
    const close = findChar(text, ']', s.start, s.end);
    if (close < 0) {
      out.problems.push(problem('IPv6 address opened with "[" has no closing "]"', s.start, s.end));
      return out;
    }
    hostEnd = close + 1;
    nameStart = s.start + 1;
    nameEnd = close;
  } else {
    const colon = findChar(text, ':', s.start, s.end);
    if (colon >= 0 && findChar(text, ':', colon + 1, s.end) >= 0) {
      // Several colons without brackets: a bare IPv6 address, no port. Anything else (`user:pa:ss`
      // when no `@` came) is refused: its text may be a password, so it is neither used nor shown.
      if (!isIPv6(percentDecode(raw).replace(/%.*$/, ''))) {
        out.problems.push(problem(NOT_A_HOST, s.start, s.end));
        return out;
      }
      hostEnd = s.end;
    } else if (colon >= 0) hostEnd = colon;
    nameEnd = hostEnd;
  }
  const name = percentDecode(text.slice(nameStart, nameEnd));
  if (name.startsWith('/')) out.socket = name;
  else if (name && !isPlaceholder(name) && !isHostName(name)) {
    out.problems.push(problem(NOT_A_HOST, s.start, s.end));
    return out;
  } else if (name) {
    out.host = name;
    if (isPlaceholder(name)) out.problems.push(problem('the host is a placeholder filled in elsewhere (environment, template): diagnose the resolved value', nameStart, nameEnd, 'warning'));
    out.hostSpan = span(s.start, hostEnd);
    out.hostValue = span(nameStart, nameEnd);
  }
  if (hostEnd + 1 === s.end && text[hostEnd] === ':') return out; // `host:` with an empty port: the default
  if (hostEnd < s.end && text[hostEnd] === ':') readPort(text, span(hostEnd + 1, s.end), out, span(hostEnd, s.end));
  else if (hostEnd < s.end) out.problems.push(problem('unexpected characters after the host', hostEnd, s.end));
  return out;
}

function readPort(text: string, value: Span, out: HostPort, whole: Span): void {
  const raw = text.slice(value.start, value.end);
  const p = parsePort(raw);
  if (p === undefined && isPlaceholder(raw)) {
    out.problems.push(problem('the port is a placeholder filled in elsewhere (environment, template)', value.start, value.end, 'warning'));
    return;
  }
  if (p === undefined) {
    // The port's text is not echoed: in `user:pass/db` (no `@`) it would be the password.
    out.problems.push(problem('the port is not a number from 1 to 65535', value.start, value.end));
    return;
  }
  out.port = p;
  out.portSpan = whole;
  out.portValue = value;
}

/** Said of a host entry that does not parse; its text is not echoed (it may hold a password). */
export const NOT_A_HOST = 'the host is not a host name, an IP address or host:port (a password or other settings may have slipped in): it is not used';

/**
 * A DNS name or an IP address: letters (any script), digits, `-`, `_`, `.`; an IPv6 address with
 * its zone. `@`, `:`, `;`, `=`, quotes, spaces... mean the entry was misread (`user:pa@ss@host`,
 * `host:3306;connectTimeout=5`), and such a host is neither printed nor looked up. Control
 * characters (`%1b`, `%0a`) are let through: no misread puts them there, the output shows them
 * escaped, and the lookup fails on its own.
 */
export function isHostName(name: string): boolean {
  if (isIPv6(name.replace(/%[^%]*$/, ''))) return true;
  return /^[\p{L}\p{N}\p{M}\p{Cc}._-]+$/u.test(name);
}

/** `${DB_HOST}`, `$DB_HOST`, `{{ db_host }}`, `%(host)s`: a value some other tool fills in. */
export function isPlaceholder(s: string): boolean {
  return /^\$\{?[A-Za-z_]|^\{\{|^%\(/.test(s.trim());
}

export function parsePort(s: string): number | undefined {
  if (!/^\d{1,5}$/.test(s.trim())) return undefined;
  const n = Number(s.trim());
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** `(host=h,port=p,...)` and `address=(host=h)(port=p)`: pick host and port by key. */
function keyValueHost(text: string, s: Span, out: HostPort): HostPort {
  const host = keyedValue(text, s, 'host');
  const name = host && percentDecode(text.slice(host.start, host.end));
  if (!host) out.problems.push(problem('no host= in this host entry', s.start, s.end));
  else if (name && !isPlaceholder(name) && !isHostName(name)) out.problems.push(problem(NOT_A_HOST, host.start, host.end));
  else {
    out.host = name;
    out.hostSpan = host;
    out.hostValue = host;
  }
  const port = keyedValue(text, s, 'port');
  if (port) readPort(text, port, out, port);
  return out;
}

function keyedValue(text: string, s: Span, key: string): Span | undefined {
  const lower = text.slice(s.start, s.end).toLowerCase();
  let i = lower.indexOf(key + '=');
  while (i > 0 && /[a-z]/.test(lower[i - 1])) i = lower.indexOf(key + '=', i + 1);
  if (i < 0) return undefined;
  const vs = s.start + i + key.length + 1;
  let ve = vs;
  while (ve < s.end && !',)('.includes(text[ve])) ve++;
  return span(vs, ve);
}

/**
 * A host written on its own (`MYSQL_HOST=`, `host=` in an option file, a setting): the name
 * without brackets, or a problem when it is no host name. The value is not echoed: a whole URL
 * or `user:pass@host` pasted there holds a password.
 */
export function standaloneHost(value: string, key: string): { host?: string; problem?: string } {
  const v = value.trim();
  const name = v.startsWith('[') && v.endsWith(']') ? v.slice(1, -1) : v;
  if (!name || isPlaceholder(name) || isHostName(name)) return { host: name };
  const why = name.includes('://') ? 'holds a URL' : name.includes('@') ? 'holds user@host' : 'is not a host name or an IP address';
  return { problem: `${key} ${why}, not a host name: it is not used (a URL belongs in a URL-valued setting, the port and user in their own)` };
}

/** Reads one host entry into `c` (host, port and their spans; problems); returns what was read. */
export function applyHostPort(text: string, s: Span, c: Connection): HostPort {
  const hp = parseHostPort(text, s);
  c.problems.push(...hp.problems);
  if (hp.host !== undefined && hp.hostSpan && hp.hostValue) {
    c.host = hp.host;
    setParam(c, 'host', { key: 'host', span: hp.hostSpan, valueSpan: hp.hostValue });
  }
  if (hp.port !== undefined && hp.portSpan && hp.portValue) {
    c.port = hp.port;
    setParam(c, 'port', { key: 'port', span: hp.portSpan, valueSpan: hp.portValue });
  }
  return hp;
}

/** Fills user/password/host/port/socket/database on `c` from URL parts (first host of a list). */
export function applyAuthority(text: string, parts: UrlParts, c: Connection): void {
  if (parts.user && parts.user.end > parts.user.start) {
    c.user = percentDecode(text.slice(parts.user.start, parts.user.end));
    setParam(c, 'user', location('user', parts.user.start, parts.user.end, parts.user.start, parts.user.end));
  }
  if (parts.password) {
    c.password = new Secret(percentDecode(text.slice(parts.password.start, parts.password.end)));
    setParam(c, 'password', location('password', parts.password.start - 1, parts.password.end, parts.password.start, parts.password.end));
  }
  const hosts = splitHosts(text, parts.hosts);
  if (hosts.length > 1) {
    c.problems.push(problem(`${hosts.length} hosts are listed: only the first one is diagnosed`, parts.hosts.start, parts.hosts.end, 'warning'));
  }
  const hp = applyHostPort(text, hosts[0], c);
  if (hp.socket !== undefined) c.socket = hp.socket;
  if (parts.path && parts.path.end > parts.path.start) {
    c.database = percentDecode(text.slice(parts.path.start, parts.path.end));
    setParam(c, 'database', location('database', parts.path.start, parts.path.end, parts.path.start, parts.path.end));
  }
}

export interface QueryParam {
  /** The key as written (an XML `amp;` left by `&amp;` removed). */
  rawKey: string;
  /** Lower-cased, without `-` and `_`: `ssl-mode`, `ssl_mode`, `sslMode` all give `sslmode`. */
  key: string;
  /** Decoded value, `(…)` wrapping removed. */
  value: string;
  span: Span;
  valueSpan: Span;
  hasValue: boolean;
}

/** `a=b&c=d` between start and end, with spans. */
export function parseQuery(text: string, start: number, end: number, separators = '&'): QueryParam[] {
  const out: QueryParam[] = [];
  let i = start;
  while (i <= end) {
    let j = i;
    while (j < end && !separators.includes(text[j])) j++;
    if (j > i) out.push(oneParam(text, i, j));
    i = j + 1;
  }
  return out;
}

function oneParam(text: string, start: number, end: number): QueryParam {
  const eq = findChar(text, '=', start, end);
  const keyEnd = eq < 0 ? end : eq;
  let rawKey = text.slice(start, keyEnd);
  if (rawKey.toLowerCase().startsWith('amp;')) rawKey = rawKey.slice(4);
  const vs = eq < 0 ? end : eq + 1;
  let raw = text.slice(vs, end);
  if (raw.length >= 2 && raw.startsWith('(') && raw.endsWith(')')) raw = raw.slice(1, -1);
  return {
    rawKey,
    key: percentDecode(rawKey).toLowerCase().replace(/[-_]/g, ''),
    value: percentDecode(raw),
    span: span(start, end),
    valueSpan: span(vs, end),
    hasValue: eq >= 0,
  };
}

export function paramLocation(qp: QueryParam) {
  return { key: qp.rawKey, span: qp.span, valueSpan: qp.valueSpan };
}
