// The agreement suite's PHP clients: mysqli and PDO, both on mysqlnd (Debian's php-cli php-mysql,
// PHP 8.2). Their users write PHP code (mysqli_init + ssl_set + options + real_connect flags, a PDO
// DSN with PDO::MYSQL_ATTR_SSL_* options) or, with Laravel, a .env whose MYSQL_ATTR_SSL_CA its
// config/database.php hands to PDO: that is what `diagnose` reads, and the runner makes the same
// calls. mysqlnd has no TLS version option and verifies chain and name together, so the version
// pins and "chain only" have no PHP spelling; nor has "off" beyond the default.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { LabManifest } from '../lab/manifest';
import type { Case, Setting } from './cases';
import { file, portOf, userOf, type ClientDef, type Written } from './clients';

type Api = 'mysqli' | 'pdo';

/** What the PHP code sets, in the runner's terms. */
interface PhpTls {
  ssl?: { key?: string; cert?: string; ca?: string; cipher?: string };
  /** mysqli: the MYSQLI_CLIENT_SSL flag of real_connect. */
  clientSsl?: boolean;
  /** mysqli: MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT. */
  dontVerify?: boolean;
  /** MYSQLI_OPT_SSL_VERIFY_SERVER_CERT / PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT. */
  verify?: boolean;
}

/**
 * mysqli's MYSQLI_OPT_SSL_VERIFY_SERVER_CERT set to false beside a CA, as users write it to skip
 * the check: real_connect's flags override it, so the CA's check still happens (measured).
 */
const OPTION_NO_VERIFY: Setting = { id: 'opt-verify-false-with-ca', mode: 'verify-full', ca: 'ca', user: 'plain' };
const OPTION_NO_VERIFY_SERVERS = ['healthy', 'wrong-san', 'other-ca', 'expired'] as const;

function optionNoVerifyCases(): Case[] {
  return OPTION_NO_VERIFY_SERVERS.map((server) => ({ id: `php-mysqli/${OPTION_NO_VERIFY.id}/${server}/127.0.0.1`, client: 'php-mysqli', setting: OPTION_NO_VERIFY, server, host: '127.0.0.1' }));
}

const spellsPhp = (s: Setting): boolean => s.mode !== 'off' && s.mode !== 'verify-ca' && !(s.version && !s.cipher);

function phpTls(s: Setting, lab: LabManifest, api: Api): PhpTls {
  if (s.mode === 'default') return {};
  const ssl: NonNullable<PhpTls['ssl']> = {};
  if (s.key) ssl.key = file(lab, s.key);
  if (s.cert) ssl.cert = file(lab, s.cert);
  if (s.ca) ssl.ca = file(lab, s.ca);
  if (s.cipher) ssl.cipher = s.cipher;
  const any = Object.keys(ssl).length > 0;
  const out: PhpTls = any ? { ssl } : {};
  if (api === 'mysqli') out.clientSsl = true;
  if (s.mode === 'no-verify') {
    // mysqli: MYSQLI_CLIENT_SSL alone checks nothing; with a file or cipher it needs DONT_VERIFY.
    if (api === 'pdo') out.verify = false;
    else if (any) out.dontVerify = true;
  } else if (s.mode === 'verify-full' && !any) {
    out.verify = true;
  }
  if (s.id === OPTION_NO_VERIFY.id) out.verify = false;
  return out;
}

/** A PHP single-quoted string. */
const q = (v: string) => `'${v.replace(/[\\']/g, (ch) => `\\${ch}`)}'`;
const qOrNull = (v: string | undefined) => (v === undefined ? 'null' : q(v));

/** The mysqli code its users write: mysqli_init, ssl_set, options, real_connect with flags. */
function mysqliCode(c: Case, lab: LabManifest, t: PhpTls): string {
  const lines = ['<?php', '$db = mysqli_init();'];
  if (t.ssl) lines.push(`$db->ssl_set(${[t.ssl.key, t.ssl.cert, t.ssl.ca, undefined, t.ssl.cipher].map(qOrNull).join(', ')});`);
  if (t.verify !== undefined) lines.push(`$db->options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, ${t.verify});`);
  const flags = [t.clientSsl ? 'MYSQLI_CLIENT_SSL' : '', t.dontVerify ? 'MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT' : ''].filter(Boolean).join(' | ') || '0';
  lines.push(`$db->real_connect(${q(c.host)}, ${q(userOf(c, lab))}, ${q(lab.password)}, 'labdb', ${portOf(c, lab)}, null, ${flags});`, '');
  return lines.join('\n');
}

const PDO_ATTRS: ReadonlyArray<[keyof NonNullable<PhpTls['ssl']>, string]> = [['key', 'KEY'], ['cert', 'CERT'], ['ca', 'CA'], ['cipher', 'CIPHER']];

/** The PDO code its users write: a DSN and the PDO::MYSQL_ATTR_SSL_* options. */
function pdoCode(c: Case, lab: LabManifest, t: PhpTls): string {
  const attrs = PDO_ATTRS.filter(([k]) => t.ssl?.[k] !== undefined).map(([k, name]) => `    PDO::MYSQL_ATTR_SSL_${name} => ${q(t.ssl![k]!)},`);
  if (t.verify !== undefined) attrs.push(`    PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => ${t.verify},`);
  const dsn = q(`mysql:host=${c.host};port=${portOf(c, lab)};dbname=labdb`);
  const options = attrs.length ? `, [\n${attrs.join('\n')}\n]` : '';
  return ['<?php', `$pdo = new PDO(${dsn}, ${q(userOf(c, lab))}, ${q(lab.password)}${options});`, ''].join('\n');
}

/** Laravel's .env: what its config/database.php hands PDO (the CA only). */
function laravelEnv(c: Case, lab: LabManifest, t: PhpTls): string {
  const lines = ['DB_CONNECTION=mysql', `DB_HOST=${c.host}`, `DB_PORT=${portOf(c, lab)}`, 'DB_DATABASE=labdb', `DB_USERNAME=${userOf(c, lab)}`, `DB_PASSWORD=${lab.password}`];
  if (t.ssl?.ca) lines.push(`MYSQL_ATTR_SSL_CA=${t.ssl.ca}`);
  return lines.join('\n') + '\n';
}

/** Laravel's .env can say no TLS or a CA and nothing else; the rest is PDO code. */
function laravelCanSay(t: PhpTls): boolean {
  return t.verify === undefined && (!t.ssl || Object.keys(t.ssl).every((k) => k === 'ca'));
}

function phpWritten(c: Case, lab: LabManifest, api: Api): Written {
  const t = phpTls(c.setting, lab, api);
  if (api === 'mysqli') return { fileName: 'db.php', text: mysqliCode(c, lab, t) };
  return laravelCanSay(t) ? { fileName: '.env', text: laravelEnv(c, lab, t) } : { fileName: 'db.php', text: pdoCode(c, lab, t) };
}

/** mysqlnd takes `localhost` for its Unix socket: one case per setting shows it. */
const phpFocus = (c: Case): boolean => c.host === '127.0.0.1' || c.server === 'healthy';

function missingPhp(): string | undefined {
  const r = spawnSync('php', ['-r', 'echo extension_loaded("mysqli") && extension_loaded("pdo_mysql") ? "ok" : "no";'], { encoding: 'utf8' });
  return r.stdout === 'ok' ? undefined : 'php-cli with mysqli and pdo_mysql is not installed; run scripts/install-real-clients.sh';
}

function phpClient(api: Api): ClientDef {
  return {
    id: api === 'pdo' ? 'php-pdo' : 'php-mysqli',
    name: api === 'pdo' ? 'PHP PDO (mysqlnd)' : 'PHP mysqli (mysqlnd)',
    writtenAs: api === 'pdo'
      ? "Laravel's .env (`MYSQL_ATTR_SSL_CA`) where it can say it, else `new PDO($dsn, …, [PDO::MYSQL_ATTR_SSL_* => …])` in db.php"
      : '`mysqli_init()`, `ssl_set()`, `options()`, `real_connect(…, MYSQLI_CLIENT_SSL …)` in db.php',
    writtenNote:
      'mysqlnd has no TLS version option and checks chain and name together, so version pins and "chain only" have no case' +
      (api === 'mysqli' ? "; 4 cases set MYSQLI_OPT_SSL_VERIFY_SERVER_CERT false beside a CA (real_connect's flags override it: the CA is still checked)" : '') +
      "; `localhost` (mysqlnd's socket) is met with the healthy server",
    socketForLocalhost: true,
    missing: missingPhp,
    spells: spellsPhp,
    keep: phpFocus,
    ...(api === 'mysqli' ? { extraCases: optionNoVerifyCases } : {}),
    written: (c, lab) => phpWritten(c, lab, api),
    item: (c, lab) => ({ api, host: c.host, port: portOf(c, lab), user: userOf(c, lab), password: lab.password, database: 'labdb', ...phpTls(c.setting, lab, api) }),
    runner: () => ({ cmd: 'php', args: [join(__dirname, 'runners', 'php-clients.php')] }),
  };
}

export const PHP_CLIENTS: readonly ClientDef[] = [phpClient('mysqli'), phpClient('pdo')];
