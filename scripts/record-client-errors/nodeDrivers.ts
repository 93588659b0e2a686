// Node.js drivers other than mysql2: mysql (mysqljs) 2.x and mariadb (MariaDB Connector/Node.js)
// 3.x, installed by `install` below into a cache folder of their own (not the project's
// dependencies). The error as an app logs it, with its code, without the stack.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabManifest, LabServerName } from '../../test/lab/manifest';
import type { FindingCode } from '../../src/engine/model/finding';
import type { Scenario } from './run';

export type NodeDriver = 'mysqljs' | 'mariadb-node';

const PACKAGES: Record<NodeDriver, string> = { mysqljs: 'mysql@2', 'mariadb-node': 'mariadb@3' };

export const NODE_DRIVERS_DIR = join(__dirname, '../../.cache/record-clients');

/** npm install of both drivers into NODE_DRIVERS_DIR; true when they load. */
export function installNodeDrivers(): boolean {
  const dir = NODE_DRIVERS_DIR;
  if (!existsSync(join(dir, 'node_modules/mysql')) || !existsSync(join(dir, 'node_modules/mariadb'))) {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "name": "record-clients", "private": true }\n');
    spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...Object.values(PACKAGES)], { cwd: dir, stdio: 'inherit' });
  }
  return existsSync(join(dir, 'node_modules/mysql')) && existsSync(join(dir, 'node_modules/mariadb'));
}

const MYSQLJS = `
const mysql = require('mysql');
const fs = require('fs');
const cfg = JSON.parse(process.argv[1]);
const ssl = cfg.ssl && { ...cfg.ssl };
if (ssl) for (const k of ['ca', 'cert', 'key']) if (ssl[k]) ssl[k] = fs.readFileSync(ssl[k]);
const c = mysql.createConnection({ ...cfg, ssl, connectTimeout: 5000 });
c.connect((err) => {
  if (err) console.log(String(err) + '\\n' + require('util').inspect({ code: err.code, errno: err.errno, fatal: err.fatal }, { breakLength: Infinity }));
  else console.log('connected');
  c.destroy();
});
`;

const MARIADB = `
const mariadb = require('mariadb');
const fs = require('fs');
const cfg = JSON.parse(process.argv[1]);
const ssl = cfg.ssl && { ...cfg.ssl };
if (ssl) for (const k of ['ca', 'cert', 'key']) if (ssl[k]) ssl[k] = fs.readFileSync(ssl[k]);
mariadb.createConnection({ ...cfg, ssl, connectTimeout: 5000 }).then(
  (c) => { console.log('connected'); return c.end(); },
  (err) => console.log(String(err) + '\\n' + require('util').inspect({ code: err.code, errno: err.errno, sqlState: err.sqlState }, { breakLength: Infinity })),
);
`;

type Ssl = (l: LabManifest) => Record<string, unknown> | undefined;

function s(driver: NodeDriver, situation: string, lab: LabServerName, expect: FindingCode[], ssl: Ssl, opts: { user?: keyof LabManifest['users']; host?: string } = {}): Scenario {
  return {
    client: driver, situation, lab, expect,
    command: (l) => ({
      file: 'node',
      env: { NODE_PATH: join(NODE_DRIVERS_DIR, 'node_modules') },
      args: ['-e', driver === 'mysqljs' ? MYSQLJS : MARIADB, JSON.stringify({ host: opts.host ?? '127.0.0.1', port: l.servers[lab].port, user: l.users[opts.user ?? 'plain'], password: l.password, ssl: ssl(l) })],
    }),
    // The mariadb driver appends the connection's address and id, which change per run.
    pick: (out) => out.replace(/\(conn:-?\d+, no: /g, '(conn:ID, no: ').replace(/\(conn=-?\d+, no: /g, '(conn=ID, no: '),
  };
}

export function nodeDriverScenarios(d: NodeDriver): Scenario[] {
  return [
    s(d, 'expired server certificate', 'expired', ['cert-expired'], (l) => ({ ca: l.files.ca })),
    s(d, 'server certificate not yet valid', 'not-yet-valid', ['cert-not-yet-valid'], (l) => ({ ca: l.files.ca })),
    s(d, 'server certificate issued by another CA', 'other-ca', ['intermediate-missing', 'ca-untrusted'], (l) => ({ ca: l.files.ca })),
    s(d, 'no intermediate sent, ca holds only the root', 'no-intermediate', ['intermediate-missing', 'ca-untrusted'], (l) => ({ ca: l.files['root-only'] })),
    s(d, 'host name not in the certificate', 'wrong-san', ['hostname-mismatch'], (l) => ({ ca: l.files.ca }), { host: 'localhost' }),
    s(d, 'maxVersion TLSv1.2 against a TLS 1.3-only server', 'tls13-only', ['tls-version-mismatch'], (l) => ({ ca: l.files.ca, maxVersion: 'TLSv1.2' })),
    s(d, 'default versions against a TLS 1.0/1.1-only server', 'legacy-only', ['tls-version-mismatch'], (l) => ({ ca: l.files.ca })),
    s(d, 'ssl asked of a server with TLS disabled', 'tls-disabled', ['server-tls-disabled'], (l) => ({ ca: l.files.ca })),
    s(d, 'no ssl against require_secure_transport=ON', 'secure-transport', ['account-requires-tls'], () => undefined),
    s(d, 'no ssl with a REQUIRE SSL account', 'healthy', ['account-requires-tls'], () => undefined, { user: 'requireSsl' }),
    s(d, 'key does not belong to the certificate', 'healthy', ['key-cert-mismatch'], (l) => ({ ca: l.files.ca, cert: l.files['client-cert'], key: l.files['client-key-mismatched'] })),
    s(d, 'encrypted key without passphrase', 'healthy', ['key-encrypted'], (l) => ({ ca: l.files.ca, cert: l.files['client-cert'], key: l.files['client-key-encrypted'] })),
  ];
}
