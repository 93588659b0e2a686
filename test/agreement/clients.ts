// The real clients of the agreement suite: how each spells a case's settings (its own options, as
// its documentation and source define them), how its users write the connection (what `diagnose`
// reads), and how it is run. A client without a spelling for a setting has no case for it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DriverId } from '../../src/engine/model/connection';
import type { LabManifest } from '../lab/manifest';
import type { Case, Setting } from './cases';
import type { RunnerCommand } from './run';
import { NODE_DRIVER_CLIENTS } from './clients-node';
import { JAVA_CLIENTS } from './clients-java';
import { PYTHON_CLIENTS } from './clients-python';
import { GO_CLIENTS } from './clients-go';
import { PHP_CLIENTS } from './clients-php';

export const AGREEMENT_DIR = __dirname;
export const NODE_CLIENTS = join(__dirname, '.clients', 'node_modules');
const ROOT = join(__dirname, '..', '..');

/** The connection as the client's users write it: a file (its name decides the dialect) or a string. */
export interface Written {
  /** File name (no folder) when the connection lives in a file: `.env`, `my.cnf`... */
  fileName?: string;
  text: string;
}

export interface ClientDef {
  id: string;
  name: string;
  /** The `--driver` a user passes, where the written form does not decide the client. */
  driver?: DriverId;
  /** The written form, in a few words, for the README table. */
  writtenAs: string;
  /** How the written form relates to what users write, when it is not their own form. */
  writtenNote?: string;
  /** The C library and its version, as the tool is told them (the written form cannot say). */
  library?: { clientLibrary?: 'libmariadb' | 'libmysqlclient'; driverVersion: string };
  /** libmysqlclient, MariaDB Connector/C and mysqlnd take `localhost` to mean the Unix socket. */
  socketForLocalhost: boolean;
  /** Why the client cannot run here, or undefined. */
  missing(): string | undefined;
  spells(s: Setting): boolean;
  written(c: Case, lab: LabManifest): Written;
  /** The runner's item for this case (without id). */
  item(c: Case, lab: LabManifest, written: WrittenFile): Record<string, unknown>;
  runner(): RunnerCommand;
  /** Which of the cases this client meets (default: all): a client that goes over TCP for
   *  `localhost` needs that spelling only where the name matters. */
  keep?(c: Case): boolean;
  /** Cases of a setting only this client has (a spelling its users get wrong, say). */
  extraCases?(): Case[];
  /** Defects the client's own spelling brings to a case (a key it reads otherwise than it looks),
   *  beside those of the lab's design (cases.ts). */
  spellingDefects?(c: Case): [string, string[]][];
}

/** A written form, with the path it was saved at when it is a file. */
export interface WrittenFile extends Written {
  path?: string;
}

export const userOf = (c: Case, lab: LabManifest) => lab.users[c.setting.user];
export const portOf = (c: Case, lab: LabManifest) => lab.servers[c.server].port;
export const file = (lab: LabManifest, f: Setting['ca']) => (f ? lab.files[f] : undefined);

export function needFile(path: string, what: string): string | undefined {
  return existsSync(path) ? undefined : `${what} is not installed (${path}); run scripts/install-real-clients.sh`;
}

// ---------------------------------------------------------------------------------------------
// mariadb command-line client (MariaDB Connector/C), written as an option file it reads itself.

function mariadbCnf(c: Case, lab: LabManifest): string {
  const s = c.setting;
  const lines = ['[client]', `host=${c.host}`, `port=${portOf(c, lab)}`, `user=${userOf(c, lab)}`, `password=${lab.password}`, 'database=labdb'];
  if (s.mode === 'off') lines.push('skip-ssl');
  if (s.mode === 'no-verify') lines.push('ssl');
  if (s.ca) lines.push(`ssl-ca=${file(lab, s.ca)}`);
  if (s.mode === 'verify-full') lines.push('ssl-verify-server-cert');
  if (s.cert) lines.push(`ssl-cert=${file(lab, s.cert)}`);
  if (s.key) lines.push(`ssl-key=${file(lab, s.key)}`);
  if (s.version) lines.push(`tls-version=${s.version}`);
  if (s.cipher) lines.push(`ssl-cipher=${s.cipher}`);
  return lines.join('\n') + '\n';
}

const mariadbCli: ClientDef = {
  id: 'mariadb-cli',
  name: 'mariadb command-line client',
  writtenAs: 'option file (`[client]` in my.cnf), run with `--defaults-file`; client library MariaDB 10.11 (Connector/C 3.3)',
  library: { clientLibrary: 'libmariadb', driverVersion: '10.11' },
  socketForLocalhost: true,
  missing: () => needFile('/usr/bin/mariadb', 'the mariadb client'),
  // MariaDB's client has no "verify the chain only" switch: a CA without ssl-verify-server-cert.
  spells: () => true,
  written: (c, lab) => ({ fileName: 'my.cnf', text: mariadbCnf(c, lab) }),
  item: (_c, _lab, w) => ({ file: w.path }),
  runner: () => ({ cmd: process.execPath, args: [join(__dirname, 'runners', 'mariadb-cli.cjs')] }),
};

// ---------------------------------------------------------------------------------------------
// Node.js drivers: users write code (createConnection/createPool with an `ssl` object). Until the
// `js` dialect lands, the same options are written as a URL with the driver's own `ssl={json}`.

export interface NodeSsl {
  rejectUnauthorized?: boolean;
  verifyIdentity?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  minVersion?: string;
  maxVersion?: string;
  ciphers?: string;
}

function nodeSsl(s: Setting, lab: LabManifest, hostFlag: boolean): NodeSsl | undefined {
  if (s.mode === 'default' || s.mode === 'off') return undefined;
  const o: NodeSsl = {};
  if (s.mode === 'no-verify') o.rejectUnauthorized = false;
  if (s.mode === 'verify-full' && hostFlag) o.verifyIdentity = true;
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

function nodeUrl(c: Case, lab: LabManifest, ssl: NodeSsl | undefined, scheme = 'mysql'): string {
  const base = `${scheme}://${userOf(c, lab)}:${encodeURIComponent(lab.password)}@${c.host}:${portOf(c, lab)}/labdb`;
  return ssl ? `${base}?ssl=${encodeURIComponent(JSON.stringify(ssl))}` : base;
}

export function nodeItem(c: Case, lab: LabManifest, ssl: NodeSsl | undefined): Record<string, unknown> {
  let runnerSsl: Record<string, unknown> | undefined;
  if (ssl) {
    const { ca, cert, key, ...rest } = ssl;
    runnerSsl = { ...rest, ...(ca ? { caFile: ca } : {}), ...(cert ? { certFile: cert } : {}), ...(key ? { keyFile: key } : {}) };
  }
  return { host: c.host, port: portOf(c, lab), user: userOf(c, lab), password: lab.password, database: 'labdb', ssl: runnerSsl };
}

export const nodeRunner = (driver: string): RunnerCommand => ({
  cmd: process.execPath,
  args: [join(__dirname, 'runners', 'node-drivers.cjs'), driver],
  env: { NODE_PATH: [NODE_CLIENTS, join(ROOT, 'node_modules')].join(':') },
});

const mysql2: ClientDef = {
  id: 'mysql2',
  name: 'mysql2 (Node.js)',
  driver: 'mysql2',
  writtenAs: 'URL with `ssl={json}`',
  writtenNote: 'users write createConnection/createPool code; written as a mysql2 URL with ssl={json} until the js dialect lands',
  socketForLocalhost: false,
  missing: () => needFile(join(ROOT, 'node_modules', 'mysql2'), 'mysql2'),
  // mysql2 has no "off" beyond leaving `ssl` out.
  spells: (s) => s.mode !== 'off',
  written: (c, lab) => ({ text: nodeUrl(c, lab, nodeSsl(c.setting, lab, true)) }),
  item: (c, lab) => nodeItem(c, lab, nodeSsl(c.setting, lab, true)),
  runner: () => nodeRunner('mysql2'),
};

// Each family of clients lives in a file of its own (clients-*.ts), registered here.
export const CLIENTS: readonly ClientDef[] = [mariadbCli, mysql2, ...NODE_DRIVER_CLIENTS, ...JAVA_CLIENTS, ...PYTHON_CLIENTS, ...GO_CLIENTS, ...PHP_CLIENTS];
