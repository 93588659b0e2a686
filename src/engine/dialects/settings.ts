// Connections defined in the VS Code setting `tlsDoctor.connections`.
import type { Connection, DriverId, SslMode, TlsVersion } from '../model/connection';
import { DRIVER_IDS, connectionLabel, isDriverId } from '../model/connection';
import { parseConnectionString } from './parseString';
import { standaloneHost } from './urlParts';
import { parseSslMode, parseTlsVersions, unknownSslMode, unknownTlsVersion, unknownValue } from './values';

/** One entry of `tlsDoctor.connections`. `url` is any connection string; the other fields override it. */
export interface SettingsConnection {
  name: string;
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  /** Any spelling parseSslMode accepts (`VERIFY_CA`, `verify-ca`, `require`...). */
  sslMode?: SslMode | string;
  ca?: string;
  cert?: string;
  key?: string;
  tlsVersions?: (TlsVersion | string)[];
  cipher?: string;
  driver?: DriverId;
}

const STRING_FIELDS = ['url', 'host', 'user', 'database', 'sslMode', 'ca', 'cert', 'key', 'cipher', 'driver'] as const;

/** The `tlsDoctor.connections` setting: id `settings:<name>`, dialect 'settings', no spans. Never throws. */
export function connectionsFromSettings(entries: unknown): { connections: Connection[]; problems: string[] } {
  try {
    return readEntries(entries);
  } catch (err) {
    return { connections: [], problems: [`tlsDoctor.connections could not be read (${(err as Error).name})`] };
  }
}

function readEntries(entries: unknown): { connections: Connection[]; problems: string[] } {
  const connections: Connection[] = [];
  const problems: string[] = [];
  if (entries === undefined || entries === null) return { connections, problems };
  if (!Array.isArray(entries)) return { connections, problems: ['tlsDoctor.connections: expected an array of connections'] };
  const seen = new Set<string>();
  entries.forEach((entry: unknown, i: number) => {
    const where = `tlsDoctor.connections[${i}]`;
    const c = fromEntry(entry, where, problems);
    if (!c) return;
    if (seen.has(c.id)) problems.push(`${where}: the name "${c.id.slice(9)}" is used twice; the later entry is ignored`);
    else {
      seen.add(c.id);
      connections.push(c);
    }
  });
  return { connections, problems };
}

function fromEntry(entry: unknown, where: string, problems: string[]): Connection | undefined {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    problems.push(`${where}: expected an object with at least "name"`);
    return undefined;
  }
  const e = entry as Record<string, unknown>;
  if (typeof e.name !== 'string' || !e.name.trim()) {
    problems.push(`${where}: "name" is missing or not a text`);
    return undefined;
  }
  for (const f of STRING_FIELDS) {
    if (e[f] !== undefined && typeof e[f] !== 'string') {
      problems.push(`${where}.${f}: expected a text`);
      return undefined;
    }
  }
  const c = base(e, where, problems);
  if (c) overrides(c, e, where, problems);
  return c;
}

function base(e: Record<string, unknown>, where: string, problems: string[]): Connection | undefined {
  const name = (e.name as string).trim();
  let c: Connection | undefined;
  if (typeof e.url === 'string') {
    const parsed = parseConnectionString(e.url);
    for (const p of parsed.problems) problems.push(`${where}.url: ${p.message} (at character ${p.span.start + 1})`);
    c = parsed.connection;
    if (!c) return undefined;
  } else if (typeof e.host !== 'string' || !e.host) {
    problems.push(`${where}: give "url" or "host"`);
    return undefined;
  }
  const out: Connection = c ?? { id: '', label: '', dialect: 'settings', driver: 'mysql-cli', tls: {}, span: { start: 0, end: 0 }, params: {}, problems: [] };
  // Spans pointed into the url text; a settings entry has no text to underline.
  out.params = {};
  out.problems = [];
  out.span = { start: 0, end: 0 };
  out.id = `settings:${name}`;
  out.dialect = 'settings';
  out.form = 'settings';
  delete out.file;
  return out;
}

function overrides(c: Connection, e: Record<string, unknown>, where: string, problems: string[]): void {
  if (typeof e.host === 'string' && e.host) {
    const h = standaloneHost(e.host, `${where}.host`);
    if (h.problem) problems.push(h.problem);
    else c.host = h.host;
  }
  if (e.port !== undefined) {
    const p = typeof e.port === 'string' ? Number(e.port) : e.port;
    if (typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535) c.port = p;
    else problems.push(`${where}.port: expected a number from 1 to 65535`);
  }
  if (typeof e.user === 'string') c.user = e.user;
  if (typeof e.database === 'string') c.database = e.database;
  if (typeof e.sslMode === 'string') {
    const m = parseSslMode(e.sslMode);
    if (m) c.tls.mode = m;
    else problems.push(unknownSslMode(`${where}.sslMode`, e.sslMode));
  }
  for (const f of ['ca', 'cert', 'key', 'cipher'] as const) if (typeof e[f] === 'string') c.tls[f] = e[f] as string;
  if (e.tlsVersions !== undefined) versions(c, e.tlsVersions, where, problems);
  if (typeof e.driver === 'string') {
    if (isDriverId(e.driver)) {
      c.driver = e.driver;
      c.driverSource = 'option';
    } else problems.push(unknownValue(`${where}.driver`, 'driver', e.driver, `one of ${DRIVER_IDS.join(', ')}`));
  }
  c.label = connectionLabel(c);
}

function versions(c: Connection, v: unknown, where: string, problems: string[]): void {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    problems.push(`${where}.tlsVersions: expected an array like ["TLSv1.2", "TLSv1.3"]`);
    return;
  }
  const { versions: vs, unknown } = parseTlsVersions((v as string[]).join(','));
  if (unknown.length) problems.push(unknownTlsVersion(`${where}.tlsVersions`, unknown[0]));
  c.tls.tlsVersions = vs;
}
