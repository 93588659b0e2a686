// The agreement suite's other Node.js drivers: mysql (mysqljs) and MariaDB Connector/Node.js (npm
// mariadb), both installed into test/agreement/.clients by scripts/install-real-clients.sh. Their
// users write code: a createConnection call with an `ssl` object whose files are read with
// fs.readFileSync. That code is what `diagnose` reads (its JS reader), and the runner passes the
// same options to the real driver.
import { join } from 'node:path';
import type { LabManifest } from '../lab/manifest';
import type { Case, Setting } from './cases';
import { NODE_CLIENTS, file, needFile, nodeItem, nodeRunner, portOf, userOf, type ClientDef, type NodeSsl } from './clients';

/** Servers a TCP client meets at `localhost` too: the ones whose certificate names make the
 *  host's spelling matter (and the healthy and plaintext-refusing ones as controls). */
const LOCALHOST_SERVERS = new Set<string>(['healthy', 'wrong-san', 'ip-only-san', 'secure-transport']);

/** For clients that go over TCP for `localhost`: that spelling only where a name is checked. */
export const tcpFocus = (c: Case): boolean => c.host === '127.0.0.1' || LOCALHOST_SERVERS.has(c.server);

/** The `ssl` option as users write it for these drivers; `false` for "off", undefined for none. */
type SslOption = NodeSsl | boolean | undefined;

function sslOf(s: Setting, lab: LabManifest, driver: 'mysql' | 'mariadb'): SslOption {
  if (s.mode === 'default') return undefined;
  if (s.mode === 'off') return false;
  // mariadb: `ssl: true` is its documented "TLS, certificate and name checked against Node's roots".
  if (s.mode === 'verify-full' && !s.ca && !s.cert && driver === 'mariadb') return true;
  const o: NodeSsl = {};
  if (s.mode === 'no-verify') o.rejectUnauthorized = false;
  if (s.ca) o.ca = file(lab, s.ca);
  if (s.cert) o.cert = file(lab, s.cert);
  if (s.key) o.key = file(lab, s.key);
  if (s.version) {
    o.minVersion = s.version;
    o.maxVersion = s.version;
  }
  if (s.cipher) o.ciphers = s.cipher;
  return o;
}

const FILE_KEYS = new Set(['ca', 'cert', 'key']);

function sslCode(ssl: SslOption): string {
  if (typeof ssl === 'boolean') return String(ssl);
  const parts = Object.entries(ssl ?? {}).map(([k, v]) => (FILE_KEYS.has(k) ? `${k}: fs.readFileSync(${JSON.stringify(v)})` : `${k}: ${JSON.stringify(v)}`));
  return `{ ${parts.join(', ')} }`;
}

/** The code a user of this driver writes (db.js). */
function nodeCode(c: Case, lab: LabManifest, module: 'mysql' | 'mariadb', ssl: SslOption): string {
  const lines = [
    "const fs = require('fs');",
    `const ${module} = require('${module}');`,
    '',
    `const connection = ${module}.createConnection({`,
    `  host: '${c.host}',`,
    `  port: ${portOf(c, lab)},`,
    `  user: '${userOf(c, lab)}',`,
    `  password: ${JSON.stringify(lab.password)},`,
    "  database: 'labdb',",
  ];
  if (ssl !== undefined) lines.push(`  ssl: ${sslCode(ssl)},`);
  lines.push('});', '');
  return lines.join('\n');
}

function runnerItem(c: Case, lab: LabManifest, ssl: SslOption): Record<string, unknown> {
  if (typeof ssl === 'boolean') return { ...nodeItem(c, lab, undefined), ssl };
  return nodeItem(c, lab, ssl);
}

const mysqljs: ClientDef = {
  id: 'mysqljs',
  name: 'mysql (mysqljs, Node.js)',
  writtenAs: '`mysql.createConnection({ …, ssl })` in db.js',
  writtenNote: 'it checks no host name, so "verify chain and host" is its chain case; `localhost` (TCP for Node) is met where the certificate\'s names matter',
  socketForLocalhost: false,
  missing: () => needFile(join(NODE_CLIENTS, 'mysql'), 'mysql (mysqljs)'),
  // mysqljs checks no host name at all: "verify the host" is spelled as "verify the chain" (the
  // verify-ca case), so that core setting would only repeat it.
  spells: (s) => s.id !== 'verify-full',
  keep: tcpFocus,
  written: (c, lab) => ({ fileName: 'db.js', text: nodeCode(c, lab, 'mysql', sslOf(c.setting, lab, 'mysql')) }),
  item: (c, lab) => runnerItem(c, lab, sslOf(c.setting, lab, 'mysql')),
  runner: () => nodeRunner('mysql'),
};

const mariadbNode: ClientDef = {
  id: 'mariadb-node',
  name: 'MariaDB Connector/Node.js (npm mariadb)',
  writtenAs: '`mariadb.createConnection({ …, ssl })` in db.js',
  writtenNote: 'its `ssl` always checks the host name (no chain-only option but a checkServerIdentity function); for an IP host Node checks the name "localhost" and the driver the IP after login; `localhost` is met where the names matter',
  socketForLocalhost: false,
  missing: () => needFile(join(NODE_CLIENTS, 'mariadb'), 'mariadb (Connector/Node.js)'),
  // Its `ssl` object always checks the host name unless a checkServerIdentity function says
  // otherwise: it has no "chain only" option.
  spells: (s) => s.mode !== 'verify-ca',
  keep: tcpFocus,
  written: (c, lab) => ({ fileName: 'db.js', text: nodeCode(c, lab, 'mariadb', sslOf(c.setting, lab, 'mariadb')) }),
  item: (c, lab) => runnerItem(c, lab, sslOf(c.setting, lab, 'mariadb')),
  runner: () => nodeRunner('mariadb'),
};

export const NODE_DRIVER_CLIENTS: readonly ClientDef[] = [mysqljs, mariadbNode];
