// The Python clients of the agreement suite (Debian's python3-pymysql 1.0, python3-mysqldb 1.4.6 on
// MariaDB Connector/C 3.3, python3-sqlalchemy 1.4), each spelled with its own TLS options as read
// in its source (pymysql/connections.py, MySQLdb/_mysql.c, sqlalchemy/dialects/mysql/mysqldb.py):
// - PyMySQL's ssl dict: a CA makes it check the chain and the host name (check_hostname defaults
//   to True), no CA checks nothing; verify_mode/check_hostname change that.
// - PyMySQL's keywords: ssl_ca alone encrypts without any check; ssl_verify_cert and
//   ssl_verify_identity turn the checks on (the host only with a CA).
// - mysqlclient 1.4: an ssl argument (any value) calls mysql_ssl_set: TLS if the server offers it,
//   the chain checked only with a CA, the host never (no ssl_mode, no check_hostname in 1.4).
// - SQLAlchemy URLs: ssl_ca/ssl_cert/ssl_key/ssl_capath/ssl_cipher/ssl_check_hostname go into the
//   driver's ssl dict; every other query key is passed to the driver as a keyword, as a string.
// Users write code (a connect call) or a URL in .env; the runner runs exactly that code or URL.
import { join } from 'node:path';
import type { LabManifest, LabServerName } from '../lab/manifest';
import type { Case, Setting } from './cases';
import { AGREEMENT_DIR, file, needFile, portOf, userOf, type ClientDef } from './clients';
import type { RunnerCommand } from './run';

/** Debian's python3, where the python3-* packages are (a pyenv or venv python does not see them). */
const PYTHON = '/usr/bin/python3';
const DIST = '/usr/lib/python3/dist-packages';

const runner = (): RunnerCommand => ({ cmd: PYTHON, args: [join(AGREEMENT_DIR, 'runners', 'python-drivers.py')], env: { PYTHONDONTWRITEBYTECODE: '1' } });

const missing = (pkg: string, what: string) => () => needFile(PYTHON, 'python3') ?? needFile(join(DIST, pkg), what);

/** A Python expression: strings quoted (JSON's escapes are Python's too), booleans capitalised. */
type Py = string;
const str = (s: string): Py => JSON.stringify(s);
const bool = (b: boolean): Py => (b ? 'True' : 'False');
const dict = (entries: [string, Py][]): Py => `{${entries.map(([k, v]) => `${str(k)}: ${v}`).join(', ')}}`;

/** `import <module>` then `conn = <module>.connect(...)`, one keyword a line, as people write it. */
function connectCode(module: string, imports: string[], args: [string, Py][]): string {
  const lines = [...imports.map((m) => `import ${m}`), '', `conn = ${module}.connect(`];
  for (const [k, v] of args) lines.push(`    ${k}=${v},`);
  lines.push(')');
  return lines.join('\n') + '\n';
}

function baseArgs(c: Case, lab: LabManifest, names: { password: string; database: string }): [string, Py][] {
  return [
    ['host', str(c.host)],
    ['port', String(portOf(c, lab))],
    ['user', str(userOf(c, lab))],
    [names.password, str(lab.password)],
    [names.database, str('labdb')],
    ['connect_timeout', '5'],
  ];
}

const labFile = (lab: LabManifest, f: Setting['ca']) => str(file(lab, f)!);

/**
 * `localhost` beside 127.0.0.1 only where it can change the outcome: a client that checks the host
 * name (the certificate's names differ for the two), or one that takes localhost for the Unix
 * socket (then one server stands for all: no TCP connection is made).
 */
const localhostWhereItMatters = (checksHost: (s: Setting) => boolean, socket: boolean) => (c: Case) =>
  c.host === '127.0.0.1' || (socket ? c.server === 'healthy' : checksHost(c.setting));

/** Client certificate entries of an ssl dict. */
function certEntries(s: Setting, lab: LabManifest): [string, Py][] {
  const out: [string, Py][] = [];
  if (s.cert) out.push(['cert', labFile(lab, s.cert)]);
  if (s.key) out.push(['key', labFile(lab, s.key)]);
  return out;
}

/** Cases of settings only this client has, each met by the servers listed, on 127.0.0.1. */
export function ownCases(client: string, own: [Setting, LabServerName[]][]): Case[] {
  return own.flatMap(([setting, servers]) => servers.map((server): Case => ({ id: `${client}/${setting.id}/${server}/127.0.0.1`, client, setting, server, host: '127.0.0.1' })));
}

// ---- PyMySQL, ssl dict --------------------------------------------------------------------------

/**
 * Spellings PyMySQL refuses before connecting (Python: "Cannot set verify_mode to CERT_NONE when
 * check_hostname is enabled"): a dict CA with verify_mode False; ssl_ca with ssl_verify_identity=True
 * but no ssl_verify_cert=True.
 */
const CA_VERIFY_MODE_FALSE: Setting = { id: 'ca-verify-mode-false', mode: 'no-verify', ca: 'ca', user: 'plain' };
const CA_VERIFY_IDENTITY_ONLY: Setting = { id: 'ca-verify-identity-only', mode: 'verify-full', ca: 'ca', user: 'plain' };
const REFUSED_BY_PYTHON = ['Python refuses CERT_NONE while check_hostname is on: PyMySQL stops before connecting', ['unreadable-value']] as [string, string[]];
const refusedDefects = (id: string) => (c: Case): [string, string[]][] => (c.setting.id === id ? [REFUSED_BY_PYTHON] : []);

function pymysqlDict(s: Setting, lab: LabManifest): { imports: string[]; args: [string, Py][] } {
  if (s.id === CA_VERIFY_MODE_FALSE.id) return { imports: [], args: [['ssl', dict([['ca', labFile(lab, 'ca')], ['verify_mode', bool(false)]])]] };
  if (s.mode === 'off') return { imports: [], args: [['ssl_disabled', bool(true)]] };
  if (s.mode === 'default') return { imports: [], args: [] };
  if (s.mode === 'no-verify') return { imports: ['ssl'], args: [['ssl', dict([['verify_mode', 'ssl.CERT_NONE']])]] };
  if (!s.ca) return { imports: ['ssl'], args: [['ssl', dict([['verify_mode', 'ssl.CERT_REQUIRED'], ...certEntries(s, lab)])]] };
  const entries: [string, Py][] = [['ca', labFile(lab, s.ca)], ...certEntries(s, lab)];
  if (s.mode === 'verify-ca') entries.push(['check_hostname', bool(false)]);
  return { imports: [], args: [['ssl', dict(entries)]] };
}

const pymysql: ClientDef = {
  id: 'pymysql',
  name: 'PyMySQL (ssl dict)',
  writtenAs: 'Python code: `pymysql.connect(..., ssl={...})`',
  writtenNote:
    'PyMySQL 1.0 has no TLS version option (only a whole ssl.SSLContext), so no version pins; "TLS without verification" is `{"verify_mode": ssl.CERT_NONE}` and "verify with the system CAs" `{"verify_mode": ssl.CERT_REQUIRED}`, which PyMySQL ignores (it reads bools and strings only): nothing is checked; 2 more cases write a CA with `"verify_mode": False`, which Python refuses before connecting; `localhost` (TCP) is met where the host name is checked',
  socketForLocalhost: false,
  missing: missing('pymysql', 'PyMySQL (python3-pymysql)'),
  // PyMySQL 1.0 has no TLS version option (only a whole ssl.SSLContext passed as ssl=).
  spells: (s) => !s.version,
  keep: localhostWhereItMatters((s) => s.mode === 'verify-full' && !!s.ca, false),
  extraCases: () => ownCases('pymysql', [[CA_VERIFY_MODE_FALSE, ['healthy', 'other-ca']]]),
  spellingDefects: refusedDefects(CA_VERIFY_MODE_FALSE.id),
  written: (c, lab) => {
    const { imports, args } = pymysqlDict(c.setting, lab);
    return { fileName: 'app.py', text: connectCode('pymysql', ['pymysql', ...imports], [...baseArgs(c, lab, { password: 'password', database: 'database' }), ...args]) };
  },
  item: (_c, _lab, w) => ({ code: w.path }),
  runner,
};

// ---- PyMySQL, ssl_* keywords ----------------------------------------------------------------------

function pymysqlKeywords(s: Setting, lab: LabManifest): [string, Py][] {
  if (s.id === CA_VERIFY_IDENTITY_ONLY.id) return [['ssl_ca', labFile(lab, 'ca')], ['ssl_verify_identity', bool(true)]];
  if (s.mode === 'off') return [['ssl_disabled', bool(true)]];
  if (s.mode === 'default') return [];
  // ssl_ca alone: TLS, and nothing is checked (verify_mode defaults to False in the keyword form).
  if (s.mode === 'no-verify') return [['ssl_ca', labFile(lab, 'ca')]];
  const out: [string, Py][] = [];
  if (s.ca) out.push(['ssl_ca', labFile(lab, s.ca)]);
  if (s.cert) out.push(['ssl_cert', labFile(lab, s.cert)]);
  if (s.key) out.push(['ssl_key', labFile(lab, s.key)]);
  out.push(['ssl_verify_cert', bool(true)]);
  if (s.mode === 'verify-full') out.push(['ssl_verify_identity', bool(true)]);
  return out;
}

const pymysqlKw: ClientDef = {
  id: 'pymysql-kw',
  name: 'PyMySQL (ssl_* keywords)',
  writtenAs: 'Python code: `pymysql.connect(..., ssl_ca=..., ssl_verify_cert=True, ssl_verify_identity=True)`',
  writtenNote: '"TLS without verification" is written as `ssl_ca=...` alone, which PyMySQL uses to encrypt without checking anything; no version pins (as above); 2 more cases write `ssl_ca=..., ssl_verify_identity=True` without ssl_verify_cert, which Python refuses before connecting; `localhost` is met where the host name is checked',
  socketForLocalhost: false,
  missing: missing('pymysql', 'PyMySQL (python3-pymysql)'),
  spells: (s) => !s.version,
  keep: localhostWhereItMatters((s) => s.mode === 'verify-full' && !!s.ca, false),
  extraCases: () => ownCases('pymysql-kw', [[CA_VERIFY_IDENTITY_ONLY, ['healthy', 'wrong-san']]]),
  spellingDefects: refusedDefects(CA_VERIFY_IDENTITY_ONLY.id),
  written: (c, lab) => ({
    fileName: 'app.py',
    text: connectCode('pymysql', ['pymysql'], [...baseArgs(c, lab, { password: 'password', database: 'database' }), ...pymysqlKeywords(c.setting, lab)]),
  }),
  item: (_c, _lab, w) => ({ code: w.path }),
  runner,
};

// ---- mysqlclient (MySQLdb) ----------------------------------------------------------------------

/** mysqlclient 1.4 on Connector/C 3.3: the library's own TLS (the C clients' model, told the library). */
const MARIADB_C_33 = { clientLibrary: 'libmariadb', driverVersion: '3.3' } as const;

/** mysqlclient 1.4 cannot ask for the host name check or a version: verify-full is a CA at most. */
const mysqlclientSpells = (s: Setting) => s.mode !== 'off' && s.id !== 'verify-full' && s.id !== 'verify-system' && !s.version;

function mysqlclientSsl(s: Setting, lab: LabManifest): [string, Py][] {
  if (s.id === SSL_FALSE.id) return [['ssl', bool(false)]];
  if (s.mode === 'default') return [];
  if (s.mode === 'no-verify') return [['ssl', bool(true)]];
  return [['ssl', dict([['ca', labFile(lab, s.ca)], ...certEntries(s, lab)])]];
}

/** `ssl=False` reads as "no TLS", yet mysqlclient calls mysql_ssl_set for it too. */
const SSL_FALSE: Setting = { id: 'ssl-false', mode: 'off', user: 'plain' };

const mysqlclient: ClientDef = {
  id: 'mysqlclient',
  name: 'mysqlclient (MySQLdb)',
  writtenAs: 'Python code: `MySQLdb.connect(..., ssl={...})`; mysqlclient 1.4.6 on MariaDB Connector/C 3.3',
  writtenNote: 'mysqlclient 1.4 has no ssl_mode (a TypeError), no host-name check and no version option: its strongest setting is a CA; "TLS without verification" is `ssl=True`; 4 more cases write `ssl=False`, which mysqlclient takes as a request for TLS too; `localhost` (the Unix socket) is met once',
  library: MARIADB_C_33,
  socketForLocalhost: true,
  missing: missing('MySQLdb', 'mysqlclient (python3-mysqldb)'),
  spells: mysqlclientSpells,
  keep: localhostWhereItMatters(() => false, true),
  extraCases: () => ownCases('mysqlclient', [[SSL_FALSE, ['healthy', 'secure-transport', 'tls-disabled', 'legacy-only']]]),
  written: (c, lab) => ({
    fileName: 'app.py',
    text: connectCode('MySQLdb', ['MySQLdb'], [...baseArgs(c, lab, { password: 'passwd', database: 'db' }), ...mysqlclientSsl(c.setting, lab)]),
  }),
  item: (_c, _lab, w) => ({ code: w.path }),
  runner,
};

// ---- SQLAlchemy URLs ------------------------------------------------------------------------------

function sqlalchemyUrl(c: Case, lab: LabManifest, dbapi: 'pymysql' | 'mysqldb', query: [string, string][]): string {
  const base = `mysql+${dbapi}://${userOf(c, lab)}:${encodeURIComponent(lab.password)}@${c.host}:${portOf(c, lab)}/labdb`;
  return query.length ? `${base}?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : base;
}

function urlFiles(s: Setting, lab: LabManifest): [string, string][] {
  const out: [string, string][] = [];
  if (s.ca) out.push(['ssl_ca', file(lab, s.ca)!]);
  if (s.cert) out.push(['ssl_cert', file(lab, s.cert)!]);
  if (s.key) out.push(['ssl_key', file(lab, s.key)!]);
  return out;
}

/**
 * Two spellings a SQLAlchemy user of PyMySQL meets, each read otherwise than it looks:
 * - `ssl_ca=...&ssl_verify_cert=true` (PyMySQL's documented keywords): the CA goes into the ssl
 *   dict, ssl_verify_cert stays a keyword, and PyMySQL replaces the dict: the CA is not used;
 * - `ssl_disabled=false`: the string "false" is true in Python: TLS is off.
 */
const CA_AND_VERIFY_CERT: Setting = { id: 'ca-and-verify-cert', mode: 'verify-ca', ca: 'ca', user: 'plain' };
const DISABLED_FALSE: Setting = { id: 'ssl-disabled-false', mode: 'no-verify', user: 'plain' };
const DISABLED_FALSE_REQUIRE_SSL: Setting = { ...DISABLED_FALSE, id: 'ssl-disabled-false-require-ssl', user: 'requireSsl' };
const SQLALCHEMY_PYMYSQL_OWN: [Setting, LabServerName[]][] = [
  [CA_AND_VERIFY_CERT, ['healthy', 'other-ca', 'expired', 'wrong-san', 'tls-disabled']],
  [DISABLED_FALSE, ['healthy', 'tls-disabled', 'secure-transport']],
  [DISABLED_FALSE_REQUIRE_SSL, ['healthy']],
];

function sqlalchemyPymysqlDefects(c: Case): [string, string[]][] {
  if (c.setting.id !== CA_AND_VERIFY_CERT.id) return [];
  return [['ssl_verify_cert as a keyword makes PyMySQL drop the ssl dict with the CA: the system CAs are used', ['ca-not-configured', 'ca-untrusted']]];
}

/** With PyMySQL: ssl_* file keys and ssl_check_hostname make its ssl dict; the rest are keywords. */
function pymysqlQuery(s: Setting, lab: LabManifest): [string, string][] {
  if (s.id === CA_AND_VERIFY_CERT.id) return [['ssl_ca', file(lab, 'ca')!], ['ssl_verify_cert', 'true']];
  if (s.id === DISABLED_FALSE.id || s.id === DISABLED_FALSE_REQUIRE_SSL.id) return [['ssl_disabled', 'false']];
  if (s.mode === 'off') return [['ssl_disabled', 'true']];
  if (s.mode === 'default') return [];
  if (s.mode === 'no-verify') return [['ssl_verify_cert', 'false']];
  if (!s.ca) return [...urlFiles(s, lab), ['ssl_verify_cert', 'true'], ['ssl_verify_identity', 'true']];
  return s.mode === 'verify-ca' ? [...urlFiles(s, lab), ['ssl_check_hostname', 'false']] : urlFiles(s, lab);
}

/** With mysqlclient: only the ssl dict reaches the driver; ssl_check_hostname=true is what the
 *  SQLAlchemy documentation suggests for the host check, and mysqlclient 1.4 ignores it. */
function mysqldbQuery(s: Setting, lab: LabManifest): [string, string][] {
  if (s.mode === 'default') return [];
  return s.id === 'verify-full' ? [...urlFiles(s, lab), ['ssl_check_hostname', 'true']] : urlFiles(s, lab);
}

function sqlalchemy(dbapi: 'pymysql' | 'mysqldb'): ClientDef {
  const query = dbapi === 'pymysql' ? pymysqlQuery : mysqldbQuery;
  const url = (c: Case, lab: LabManifest) => sqlalchemyUrl(c, lab, dbapi, query(c.setting, lab));
  return {
    id: `sqlalchemy-${dbapi}`,
    name: `SQLAlchemy \`mysql+${dbapi}://\``,
    writtenAs: `\`DATABASE_URL=mysql+${dbapi}://...?ssl_ca=...\` in .env`,
    ...(dbapi === 'mysqldb'
      ? { library: MARIADB_C_33, writtenNote: 'a URL cannot switch TLS on without a file (no `ssl=True`) nor off; `ssl_check_hostname=true` is written for verify-full (mysqlclient does not read it); `localhost` (the Unix socket) is met once' }
      : {
          writtenNote:
            '"TLS without verification" is `ssl_verify_cert=false`, "verify with the system CAs" `ssl_verify_cert=true&ssl_verify_identity=true`; 9 more cases write `ssl_ca=...&ssl_verify_cert=true` (PyMySQL then drops the ssl dict and its CA) and `ssl_disabled=false` (a string, true to Python: TLS off); `localhost` is met where the host name is checked',
        }),
    socketForLocalhost: dbapi === 'mysqldb',
    ...(dbapi === 'pymysql'
      ? { keep: localhostWhereItMatters((s) => s.mode === 'verify-full' && !!s.ca, false), extraCases: () => ownCases('sqlalchemy-pymysql', SQLALCHEMY_PYMYSQL_OWN), spellingDefects: sqlalchemyPymysqlDefects }
      : { keep: localhostWhereItMatters(() => false, true) }),
    missing: () => missing('sqlalchemy', 'SQLAlchemy (python3-sqlalchemy)')() ?? (dbapi === 'pymysql' ? missing('pymysql', 'PyMySQL')() : missing('MySQLdb', 'mysqlclient')()),
    spells: dbapi === 'pymysql' ? (s) => !s.version : (s) => mysqlclientSpells(s) && s.mode !== 'no-verify' || s.id === 'verify-full',
    written: (c, lab) => ({ fileName: '.env', text: `DATABASE_URL=${url(c, lab)}\n` }),
    item: (c, lab) => ({ url: url(c, lab) }),
    runner,
  };
}

export const PYTHON_CLIENTS: readonly ClientDef[] = [pymysql, pymysqlKw, mysqlclient, sqlalchemy('pymysql'), sqlalchemy('mysqldb')];
