// What the options of Node's MySQL drivers mean (mysql2, mysqljs/mysql, MariaDB Connector/Node.js),
// whichever framework passes them on (knex `connection`, Sequelize `dialectOptions`, TypeORM,
// MikroORM, Drizzle). Read from the drivers' sources: `ssl` is an object handed to Node's
// tls.connect (ca/cert/key are the PEM text, not paths), or a profile name; mysql2 checks the host
// name only with `verifyIdentity`; `rejectUnauthorized` is read inside `ssl` only.
import type { Connection } from '../../model/connection';
import { TLS_VERSIONS, type TlsVersion } from '../../model/connection';
import { Secret } from '../../model/secret';
import { parsePort } from '../urlParts';
import { badPort } from '../values';
import { problem, setParam } from '../text';
import { byKey, noteOrigin, pairLocation, textOf, type Pair, type Value } from './values';

/** Keys of other drivers or databases that look like TLS settings: none of these is read. */
const FOREIGN_TLS_KEYS = new Set(['sslmode', 'ssl_mode', 'ssl-mode', 'sslMode', 'sslrootcert', 'sslcert', 'sslkey', 'sslca', 'ssl_ca', 'useSSL', 'tls', 'encrypt']);

/** Applies host/port/user/password/database/socketPath and `ssl` from a Node driver's options. */
export function applyNodeOptions(c: Connection, pairs: readonly Pair[], hostKeys = HOST_KEYS): void {
  const m = byKey(pairs);
  for (const [key, field] of hostKeys) {
    const p = m.get(key);
    if (p) applyPlain(c, field, p);
  }
  const ssl = m.get('ssl');
  if (ssl) applySsl(c, ssl);
  for (const p of pairs) {
    if (p.key === 'rejectUnauthorized' || p.key === 'verifyIdentity' || p.key === 'ca') {
      note(c, p, `${p.key} is read inside \`ssl: { … }\` only: written beside it, the driver ignores it`);
    } else if (FOREIGN_TLS_KEYS.has(p.key)) {
      note(c, p, `${p.key} is not an option of this driver (it is another driver's or database's spelling): use \`ssl: { ca, rejectUnauthorized: true }\``);
    }
  }
}

type PlainField = 'host' | 'port' | 'user' | 'password' | 'database' | 'socket';

export const HOST_KEYS: ReadonlyArray<[string, PlainField]> = [
  ['host', 'host'],
  ['port', 'port'],
  ['user', 'user'],
  ['username', 'user'],
  ['password', 'password'],
  ['database', 'database'],
  ['socketPath', 'socket'],
];

/** host, port, user, password, database, socket from one pair. */
export function applyPlain(c: Connection, field: PlainField, p: Pair): void {
  const loc = pairLocation(p);
  const t = textOf(p.value);
  if (field === 'password') {
    if (t !== undefined) c.password = new Secret(t);
    setParam(c, 'password', loc);
    return;
  }
  setParam(c, field, loc);
  noteOrigin(c, field, p.value);
  if (t === undefined) return;
  if (field === 'port') {
    const port = parsePort(t);
    if (port === undefined) c.problems.push(problem(badPort(p.key, t), p.value.span.start, p.value.span.end));
    else c.port = port;
  } else c[field] = t;
}

function applySsl(c: Connection, p: Pair): void {
  const v = p.value;
  const loc = pairLocation(p);
  setParam(c, 'mode', loc);
  if (v.kind === 'bool') {
    c.tls.mode = v.value ? 'REQUIRED' : 'DISABLED';
  } else if (v.kind === 'text') {
    c.tls.profile = v.value;
    c.tls.mode = 'VERIFY_CA';
    setParam(c, 'profile', loc);
  } else if (v.kind === 'object') {
    applySslObject(c, v.pairs);
  } else if (v.kind === 'unknown') {
    noteOrigin(c, 'mode', v);
    c.tls.mode = 'VERIFY_CA'; // an ssl object of some kind: rejectUnauthorized then defaults to true
  }
}

function applySslObject(c: Connection, pairs: readonly Pair[]): void {
  const m = byKey(pairs);
  const reject = m.get('rejectUnauthorized');
  const identity = m.get('verifyIdentity');
  if (reject?.value.kind === 'bool') {
    c.tls.verifyServerCert = reject.value.value;
    setParam(c, 'verifyServerCert', pairLocation(reject));
  }
  if (identity?.value.kind === 'bool') {
    c.tls.verifyIdentity = identity.value.value;
    setParam(c, 'verifyIdentity', pairLocation(identity));
  }
  c.tls.mode = c.tls.verifyServerCert === false ? 'REQUIRED' : c.tls.verifyIdentity ? 'VERIFY_IDENTITY' : 'VERIFY_CA';
  for (const f of ['ca', 'cert', 'key'] as const) {
    const p = m.get(f);
    if (p) applyPem(c, f, p);
  }
  if (m.has('passphrase')) c.tls.keyPassphrase = true;
  const ciphers = m.get('ciphers');
  const ct = ciphers && textOf(ciphers.value);
  if (ciphers && ct !== undefined) {
    c.tls.cipher = ct;
    setParam(c, 'cipher', pairLocation(ciphers));
  }
  applyVersions(c, m.get('minVersion'), m.get('maxVersion'));
  for (const p of pairs) {
    if (FOREIGN_TLS_KEYS.has(p.key) && p.key !== 'ca') note(c, p, `${p.key} is not a TLS option of Node's tls.connect: the driver ignores it`);
  }
}

/** ca/cert/key: the PEM text. A file read (readFileSync) gives its path; a bare path is a mistake. */
function applyPem(c: Connection, f: 'ca' | 'cert' | 'key', p: Pair): void {
  const v = p.value;
  const loc = pairLocation(p);
  if (v.kind === 'file') {
    c.tls[f] = v.path;
    setParam(c, f, loc);
    noteOrigin(c, f, v);
  } else if (v.kind === 'text') {
    if (v.value.includes('-----BEGIN')) return; // the PEM itself, written inline: nothing to read
    setParam(c, f, loc);
    note(c, p, `${f} is given a path ("${v.value.slice(0, 80)}"), but the driver wants the PEM text: it reads no file, so the server cannot be checked against it. Write ${f}: fs.readFileSync('${v.value.slice(0, 80)}')`);
  } else if (v.kind === 'unknown') {
    setParam(c, f, loc);
    noteOrigin(c, f, v);
  }
}

/** Node's range: an absent bound is open (TLSv1 below, TLSv1.3 above). */
function applyVersions(c: Connection, min: Pair | undefined, max: Pair | undefined): void {
  if (!min && !max) return;
  const lo = min ? TLS_VERSIONS.indexOf(textOf(min.value) as TlsVersion) : 0;
  const hiRaw = max ? TLS_VERSIONS.indexOf(textOf(max.value) as TlsVersion) : TLS_VERSIONS.length - 1;
  if (lo < 0 || hiRaw < 0) {
    const bad = (lo < 0 ? min : max) as Pair;
    c.problems.push(problem(`${bad.key}: unknown TLS version (expected TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3)`, bad.value.span.start, bad.value.span.end, 'warning'));
    return;
  }
  c.tls.tlsVersions = TLS_VERSIONS.slice(lo, hiRaw + 1);
  setParam(c, 'tlsVersions', pairLocation((min ?? max) as Pair));
}

function note(c: Connection, p: Pair, message: string): void {
  (c.settingNotes ??= []).push({ code: 'setting-ignored', key: p.key, span: p.span, message });
}

export type { Value };
