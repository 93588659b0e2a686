// MySQL/MariaDB option files (my.cnf, .my.cnf, *.cnf, *.ini): client groups with host, port,
// user, password, socket and the ssl-* / tls-* options. Groups read by a client also take what
// [client] (and MariaDB's [client-server], [client-mariadb]) says, as the programs do.
import type { Connection, ParamKey, ParamLocation, ParseProblem, ReadResult } from '../model/connection';
import { Secret } from '../model/secret';
import type { Span } from '../model/span';
import { parsePort, standaloneHost } from './urlParts';
import { findChar, finish, newConnection, problem, setParam, span, type ReadContext } from './text';
import { badPort, lookup, parseBool, parseSslMode, parseTlsVersions, unknownSslMode, unknownTlsVersion } from './values';

export interface OptionLine {
  /** Normalised: lower case, `_` as `-`, `loose-` removed. */
  name: string;
  rawName: string;
  value?: string;
  /** The whole `name = value` (comments excluded). */
  span: Span;
  valueSpan: Span;
}

export interface OptionGroup {
  name: string;
  /** From `[` to the end of the group's last option line. */
  span: Span;
  options: OptionLine[];
}

const SERVER_GROUP = /^(mysqld|mariadbd|mysqld_safe|mysqld-safe|mariadbd-safe|server|mariadb|galera|embedded|mysql_cluster|ndbd|ndb_mgmd)(-[0-9.]+)?$/;
const BASE_GROUPS = ['client', 'client-server', 'client-mariadb'];

export function isClientGroup(name: string): boolean {
  if (SERVER_GROUP.test(name)) return false;
  return name.startsWith('client') || name.startsWith('mysql') || name.startsWith('mariadb-') || name === 'python' || name === 'pymysql';
}

export interface OptionGroups {
  groups: OptionGroup[];
  /** `!include` notes. */
  problems: ParseProblem[];
}

/** The groups of an option file, with `!include` notes. Never throws. */
export function readOptionGroups(text: string): OptionGroups {
  const groups: OptionGroup[] = [];
  const problems: ParseProblem[] = [];
  let current: OptionGroup | undefined;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  while (i < text.length) {
    let e = i;
    while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
    const line = readLine(text, i, e);
    if (line.kind === 'group') {
      current = { name: line.name, span: span(line.start, line.end), options: [] };
      groups.push(current);
    } else if (line.kind === 'include') {
      problems.push(problem(`${line.name} is not followed: options in the included files are not read`, line.start, line.end, 'warning'));
    } else if (line.kind === 'option' && current) {
      current.options.push(line.option);
      current.span = span(current.span.start, line.option.span.end);
    }
    i = e + (text[e] === '\r' && text[e + 1] === '\n' ? 2 : 1);
  }
  return { groups, problems };
}

type Line =
  | { kind: 'none' }
  | { kind: 'group' | 'include'; name: string; start: number; end: number }
  | { kind: 'option'; option: OptionLine };

function readLine(text: string, start: number, end: number): Line {
  let s = start;
  while (s < end && (text[s] === ' ' || text[s] === '\t')) s++;
  let t = end;
  while (t > s && /\s/.test(text[t - 1])) t--;
  if (s >= t || text[s] === '#' || text[s] === ';') return { kind: 'none' };
  if (text[s] === '[') {
    const close = findChar(text, ']', s, t);
    if (close < 0) return { kind: 'none' };
    return { kind: 'group', name: text.slice(s + 1, close).trim().toLowerCase(), start: s, end: close + 1 };
  }
  if (text[s] === '!') return { kind: 'include', name: text.slice(s, t).split(/\s/)[0], start: s, end: t };
  return { kind: 'option', option: readOption(text, s, t) };
}

function readOption(text: string, s: number, t: number): OptionLine {
  let eq = s;
  while (eq < t && text[eq] !== '=' && text[eq] !== '#') eq++;
  let ne = eq;
  while (ne > s && /\s/.test(text[ne - 1])) ne--;
  const rawName = text.slice(s, ne);
  const name = rawName.toLowerCase().replace(/_/g, '-').replace(/^loose-/, '');
  if (eq >= t || text[eq] !== '=') return { name, rawName, span: span(s, ne), valueSpan: span(ne, ne) };
  let vs = eq + 1;
  while (vs < t && (text[vs] === ' ' || text[vs] === '\t')) vs++;
  const q = text[vs];
  if (q === '"' || q === "'") {
    let close = vs + 1;
    while (close < t && text[close] !== q) close += text[close] === '\\' ? 2 : 1;
    if (close < t) return { name, rawName, value: unescape(text.slice(vs + 1, close)), span: span(s, close + 1), valueSpan: span(vs + 1, close) };
  }
  let ve = vs;
  while (ve < t && !(text[ve] === '#' && (ve === vs || /\s/.test(text[ve - 1])))) ve++;
  while (ve > vs && /\s/.test(text[ve - 1])) ve--;
  return { name, rawName, value: unescape(text.slice(vs, ve)), span: span(s, ve), valueSpan: span(vs, ve) };
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', r: '\r', '\\': '\\', s: ' ', '"': '"', "'": "'" };

/** The escapes option files know; a backslash before anything else stays (Windows paths). */
function unescape(v: string): string {
  if (!v.includes('\\')) return v;
  return v.replace(/\\(.)/g, (m, c: string) => ESCAPES[c] ?? m);
}

/**
 * One connection per client group that sets something about the connection, from groups read
 * once. What the base groups ([client]...) say is read once into a template that each other
 * client group starts from: reading it again per group made a file of many groups quadratic.
 */
export function optionFileConnections({ groups, problems }: OptionGroups, ctx: ReadContext): ReadResult {
  let template: GroupState | undefined;
  const connections: Connection[] = [];
  for (const g of groups) {
    if (!isClientGroup(g.name) || !g.options.some((o) => RELEVANT.has(o.name))) continue;
    if (BASE_GROUPS.includes(g.name)) {
      connections.push(groupConnection(g, freshState(ctx, g)));
      continue;
    }
    template ??= baseTemplate(groups, ctx);
    connections.push(groupConnection(g, fromTemplate(template, ctx, g)));
  }
  return { connections, problems };
}

const RELEVANT = new Set(['host', 'port', 'user', 'password', 'socket', 'ssl-mode', 'ssl-ca', 'ssl-capath', 'ssl-cert', 'ssl-key', 'ssl-cipher', 'tls-version', 'tls-ciphersuites', 'ssl-crl', 'ssl-verify-server-cert', 'ssl', 'skip-ssl', 'disable-ssl', 'enable-ssl', 'skip-ssl-verify-server-cert']);

const FILES: Record<string, ParamKey> = { 'ssl-ca': 'ca', 'ssl-capath': 'capath', 'ssl-cert': 'cert', 'ssl-key': 'key', 'ssl-cipher': 'cipher', 'tls-ciphersuites': 'ciphersuites', 'ssl-crl': 'crl' };

/** A connection being read, with the last ssl and verify flags seen (flags are resolved at the end). */
interface GroupState {
  c: Connection;
  ssl?: { on: boolean; line: OptionLine };
  verify?: { on: boolean; line: OptionLine };
}

function freshState(ctx: ReadContext, g: OptionGroup): GroupState {
  return { c: newConnection(ctx, 'option-file', `[${g.name}]`, 'mysql-cli', g.span) };
}

/** Every base group's options, in file order, applied once. */
function baseTemplate(groups: OptionGroup[], ctx: ReadContext): GroupState {
  const state: GroupState = { c: newConnection(ctx, 'option-file', '[client]', 'mysql-cli', span(0, 0)) };
  for (const g of groups) if (BASE_GROUPS.includes(g.name)) applyAll(state, g.options);
  return state;
}

/**
 * A group's state as the base groups leave it: their values and where each is written. Their
 * problems stay with the base group's own connection (each one has its own, since any option
 * that can be wrong makes a group a connection), not repeated on every group that inherits.
 */
function fromTemplate(t: GroupState, ctx: ReadContext, g: OptionGroup): GroupState {
  const state = freshState(ctx, g);
  const { host, port, user, password, socket, database } = t.c;
  Object.assign(state.c, defined({ host, port, user, password, socket, database }));
  state.c.tls = { ...t.c.tls };
  state.c.params = { ...t.c.params };
  state.ssl = t.ssl;
  state.verify = t.verify;
  return state;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function applyAll(state: GroupState, options: OptionLine[]): void {
  for (const o of options) {
    const flag = sslFlag(o);
    if (flag !== undefined && o.name.includes('verify')) state.verify = { on: flag, line: o };
    else if (flag !== undefined) state.ssl = { on: flag, line: o };
    else applyOption(state.c, o);
  }
}

function groupConnection(g: OptionGroup, state: GroupState): Connection {
  applyAll(state, g.options);
  const { c, ssl, verify } = state;
  if (verify) {
    c.tls.verifyServerCert = verify.on;
    c.tls.verifyIdentity = verify.on;
    setParam(c, 'verifyServerCert', loc(verify.line));
  }
  if (c.tls.mode === undefined) deriveMode(c, ssl, verify);
  return finish(c);
}

/**
 * ssl-mode wins; then skip-ssl, then ssl-verify-server-cert (MariaDB also checks the host), then ssl,
 * which asks for TLS without insisting: MariaDB's client (Connector/C 3.3) with `ssl` still connects
 * in plaintext to a server without TLS, as MySQL 5.7's did (8.0 has no `ssl` option).
 */
function deriveMode(c: Connection, ssl?: { on: boolean; line: OptionLine }, verify?: { on: boolean; line: OptionLine }): void {
  if (ssl && !ssl.on) {
    c.tls.mode = 'DISABLED';
    setParam(c, 'mode', loc(ssl.line));
  } else if (verify?.on) {
    c.tls.mode = 'VERIFY_IDENTITY';
    setParam(c, 'mode', loc(verify.line));
  } else if (ssl) {
    c.tls.mode = 'PREFERRED';
    setParam(c, 'mode', loc(ssl.line));
  }
}

/** `ssl`, `ssl=0`, `skip-ssl`, `disable-ssl`, `enable-ssl`, `ssl-verify-server-cert[=1]`, `skip-ssl-verify-server-cert`. */
function sslFlag(o: OptionLine): boolean | undefined {
  const m = /^(skip-|disable-|enable-)?(ssl|ssl-verify-server-cert)$/.exec(o.name);
  if (!m) return undefined;
  const value = o.value === undefined ? true : parseBool(o.value);
  if (value === undefined) return undefined;
  return m[1] === 'skip-' || m[1] === 'disable-' ? !value : value;
}

function loc(o: OptionLine): ParamLocation {
  return { key: o.rawName, span: o.span, valueSpan: o.valueSpan };
}

function applyOption(c: Connection, o: OptionLine): void {
  const v = (o.value ?? '').trim();
  const bad = (message: string): void => void c.problems.push(problem(message, o.valueSpan.start, o.valueSpan.end));
  const file = lookup(FILES, o.name);
  if (file) {
    (c.tls as Record<string, unknown>)[file] = v;
    return setParam(c, file, loc(o));
  }
  switch (o.name) {
    case 'host': {
      const h = standaloneHost(v, o.rawName);
      if (h.problem) return bad(h.problem);
      c.host = h.host;
      return setParam(c, 'host', loc(o));
    }
    case 'port': {
      const p = parsePort(v);
      if (p === undefined) return bad(badPort(o.rawName, v));
      c.port = p;
      return setParam(c, 'port', loc(o));
    }
    case 'user': c.user = v; return setParam(c, 'user', loc(o));
    case 'password': c.password = new Secret(o.value ?? ''); return setParam(c, 'password', loc(o));
    case 'socket': c.socket = v; return setParam(c, 'socket', loc(o));
    case 'database': c.database = v; return setParam(c, 'database', loc(o));
    case 'ssl-mode': {
      const m = parseSslMode(v);
      if (!m) return bad(unknownSslMode(o.rawName, v));
      c.tls.mode = m;
      return setParam(c, 'mode', loc(o));
    }
    case 'tls-version': {
      const { versions, unknown } = parseTlsVersions(v);
      if (unknown.length) bad(unknownTlsVersion(o.rawName, unknown[0]));
      c.tls.tlsVersions = versions;
      return setParam(c, 'tlsVersions', loc(o));
    }
    case 'get-server-public-key': c.tls.publicKeyRetrieval = o.value === undefined ? true : parseBool(v) ?? true; return;
    case 'server-public-key-path': if (v) c.tls.serverPublicKeyFile = v; return;
    default:
  }
}
