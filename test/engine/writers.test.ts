// Property tests for planEdit: random connections in every dialect, random changes. The edit must
// give the intended value when read again, leave every other parameter as it was, and leave every
// byte outside the edited region unchanged. Seeded, bounded (WRITER_CASES per dialect).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planEdit, readText, type ParamChange } from '../../src/engine/dialects';
import type { Connection, SslMode, TlsVersion } from '../../src/engine/model/connection';
import { applyEdits } from '../../src/engine/model/span';

const CASES = Number(process.env.WRITER_CASES ?? 150);
const SEED = Number(process.env.WRITER_SEED ?? 20261123);

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const chance = (p: number) => next() < p;
  return { int, pick, chance };
}
type Rand = ReturnType<typeof prng>;

const MODES: SslMode[] = ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'];
const VERSIONS: TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const HOSTS = ['db.example.com', '127.0.0.1', '::1', 'localhost', 'my-db.internal', '10.0.0.7'];
const PATHS = ['/etc/ssl/ca.pem', 'certs/ca.pem', '/opt/my certs/ca.pem', 'C:\\certs\\ca.pem', '/tmp/ü/ca.pem', './a#b.pem', 'trust.jks', 'client.p12'];

function randomChange(r: Rand): ParamChange {
  switch (r.int(5)) {
    case 0: return { param: 'mode', value: r.pick(MODES) };
    case 1: return { param: r.pick(['ca', 'cert', 'key'] as const), value: r.pick(PATHS) };
    case 2: return { param: 'host', value: r.pick(HOSTS) };
    case 3: {
      const lo = r.int(4);
      const hi = lo + r.int(4 - lo);
      return { param: 'tlsVersions', value: VERSIONS.slice(lo, hi + 1) };
    }
    default: return { param: 'mode', value: r.pick(MODES) };
  }
}

interface Sample {
  file: string;
  text: string;
  /** Whether the dialect can write this change (planEdit must then succeed, else fail with a reason). */
  supports: (c: ParamChange) => boolean;
}

const fmtHost = (h: string) => (h.includes(':') ? `[${h}]` : h);
const keyStore = (p: string) => /\.(jks|p12)$/.test(p);
const wrap = (r: Rand, url: string) => r.pick([`const url = "${url}";`, `url: '${url}'`, `  "db": "${url}",`, `dsn = ${url}`]);
const noise = (r: Rand) => r.pick(['', '// config\n', 'let x = 1;\n', '# comment\n\n', 'a: b\r\n']);

function uriSample(r: Rand): Sample {
  const kind = r.pick(['mysql', 'prisma', 'mysql2'] as const);
  const user = r.pick(['app', 'ro%40x', 'root']);
  const pass = r.chance(0.5) ? `:${r.pick(['pw', 'p%23ss', 'x%2Fy'])}` : '';
  const port = r.chance(0.6) ? `:${3306 + r.int(10)}` : '';
  const params: string[] = [];
  if (kind === 'mysql') {
    if (r.chance(0.5)) params.push(`${r.pick(['ssl-mode', 'sslmode', 'ssl_mode', 'SSL-MODE'])}=${r.pick(['REQUIRED', 'verify_ca', 'preferred', 'DISABLED'])}`);
    if (r.chance(0.4)) params.push(r.pick(['ssl-ca=(/etc/ca.pem)', 'ssl-ca=%2Fetc%2Fca.pem', 'ssl_ca=/x/ca.pem']));
    if (r.chance(0.3)) params.push('ssl-cert=c.pem&ssl-key=k.pem');
    if (r.chance(0.3)) params.push('tls-version=TLSv1.2');
  } else if (kind === 'prisma') {
    params.push(r.pick(['sslaccept=strict', 'sslaccept=accept_invalid_certs', 'sslcert=../ca.pem', 'connection_limit=3']));
    if (r.chance(0.4)) params.push(`sslmode=${r.pick(['prefer', 'require', 'disable'])}`);
  } else {
    const json = JSON.stringify(r.pick([{ rejectUnauthorized: true }, { rejectUnauthorized: false }, {}, { rejectUnauthorized: true, verifyIdentity: true }]));
    params.push(`ssl=${r.chance(0.5) ? encodeURIComponent(json) : json}`);
  }
  if (r.chance(0.3)) params.push('connectTimeout=1000');
  const shuffled = params.sort(() => r.int(3) - 1);
  const db = r.chance(0.8) ? `/${r.pick(['app', 'shop'])}` : r.chance(0.5) ? '/' : '';
  const query = shuffled.length ? `?${shuffled.join('&')}` : '';
  const url = `${r.pick(['mysql', 'mariadb', 'mysqlx'])}://${user}${pass}@${fmtHost(r.pick(HOSTS))}${port}${db}${query}`;
  const file = kind === 'prisma' ? 'schema.prisma' : r.pick(['db.ts', 'config.yaml', 'app.json']);
  const text = `${noise(r)}${kind === 'mysql2' && url.includes('"') ? `dsn = ${url}` : wrap(r, url)}\n${noise(r)}`;
  const supports = (c: ParamChange): boolean => {
    if (kind === 'prisma') return (c.param === 'mode' && c.value !== 'VERIFY_CA') || c.param === 'ca' || c.param === 'host';
    if (kind === 'mysql2') return (c.param === 'mode' && c.value !== 'PREFERRED') || c.param === 'host' || c.param === 'tlsVersions';
    return true;
  };
  return { file, text, supports };
}

function jdbcSample(r: Rand): Sample {
  const mariadb = r.chance(0.4);
  const params: string[] = [];
  if (mariadb) {
    if (r.chance(0.5)) params.push(`sslMode=${r.pick(['disable', 'trust', 'verify-ca', 'verify-full'])}`);
    if (r.chance(0.3)) params.push('useSsl=true&trustServerCertificate=true');
    if (r.chance(0.3)) params.push('serverSslCert=/etc/ca.pem');
  } else {
    if (r.chance(0.4)) params.push(`sslMode=${r.pick(MODES)}`);
    if (r.chance(0.4)) params.push(r.pick(['useSSL=false', 'useSSL=true&requireSSL=true', 'useSSL=true&verifyServerCertificate=true']));
    if (r.chance(0.3)) params.push(r.pick(['enabledTLSProtocols=TLSv1.2', 'tlsVersions=TLSv1.3']));
  }
  if (r.chance(0.4)) params.push('user=app&password=pw');
  const hosts = r.chance(0.2) ? `${fmtHost(r.pick(HOSTS))}:3306,replica:3307` : `${fmtHost(r.pick(HOSTS))}${r.chance(0.5) ? ':3306' : ''}`;
  const url = `jdbc:${mariadb ? 'mariadb' : 'mysql'}://${hosts}/app${params.length ? '?' + params.join('&') : ''}`;
  const file = r.pick(['application.properties', 'App.java', 'context.xml']);
  const text = file === 'application.properties' ? `${noise(r)}spring.datasource.url=${url}\nx=1\n` : `${noise(r)}${wrap(r, url)}\n`;
  const supports = (c: ParamChange): boolean => {
    if (c.param === 'mode') return !(mariadb && c.value === 'PREFERRED');
    if (c.param === 'ca') return mariadb || keyStore(c.value);
    if (c.param === 'cert') return !mariadb && keyStore(c.value);
    return c.param !== 'key';
  };
  return { file, text, supports };
}

function goSample(r: Rand): Sample {
  const q: string[] = [];
  if (r.chance(0.5)) q.push(`tls=${r.pick(['true', 'false', 'skip-verify', 'preferred'])}`);
  if (r.chance(0.5)) q.push('parseTime=true');
  const user = r.chance(0.8) ? `${r.pick(['app', 'root'])}${r.chance(0.5) ? ':p@ss' : ''}@` : '';
  const dsn = `${user}tcp(${fmtHost(r.pick(HOSTS))}:${3306 + r.int(5)})/${r.pick(['app', ''])}${q.length ? '?' + q.join('&') : ''}`;
  const text = `${noise(r)}db, err := sql.Open("mysql", "${dsn}")\n`;
  const supports = (c: ParamChange) => (c.param === 'mode' && c.value !== 'VERIFY_CA') || c.param === 'host';
  return { file: 'main.go', text, supports };
}

function dotenvSample(r: Rand): Sample {
  const eol = r.pick(['\n', '\r\n']);
  const q = r.pick(['', '"', "'"]);
  const ex = r.chance(0.3) ? 'export ' : '';
  const laravel = r.chance(0.3);
  const prefix = laravel ? 'DB_' : r.pick(['MYSQL_', 'APP_MYSQL_']);
  const lines = [`APP_NAME=${q}demo${q}`];
  if (laravel) lines.push(`${ex}DB_CONNECTION=${q}mysql${q}`);
  lines.push(`${ex}${prefix}HOST=${q}${r.pick(HOSTS)}${q}`);
  if (r.chance(0.7)) lines.push(`${ex}${prefix}PORT=${q}3306${q}${r.chance(0.3) ? ' # port' : ''}`);
  if (r.chance(0.7)) lines.push(`${ex}${prefix}${laravel ? 'USERNAME' : 'USER'}=${q}app${q}`);
  if (r.chance(0.5)) lines.push(`${ex}${prefix}PASSWORD="p#w"`);
  if (!laravel && r.chance(0.4)) lines.push(`${ex}${prefix}SSL_MODE=${q}${r.pick(['REQUIRED', 'verify_ca'])}${q}`);
  if (!laravel && r.chance(0.3)) lines.push(`${ex}${prefix}SSL_CA=${q}/etc/ca.pem${q}`);
  if (!laravel && r.chance(0.2)) lines.push(`${ex}${prefix}SSL=${q}${r.pick(['true', 'false'])}${q}`);
  if (laravel && r.chance(0.4)) lines.push(`MYSQL_ATTR_SSL_CA=${q}/etc/ca.pem${q}`);
  lines.push(`REDIS_URL=redis://localhost`);
  const text = lines.join(eol) + (r.chance(0.7) ? eol : '');
  const supports = (c: ParamChange) => !laravel || c.param === 'ca' || c.param === 'host';
  return { file: r.pick(['.env', '.env.production', 'config/.env.local']), text, supports };
}

function dotenvUrlSample(r: Rand): Sample {
  const s = uriSample(r);
  const c = readText(s.file, s.text).connections[0];
  const url = s.text.slice(c.span.start, c.span.end);
  const q = url.includes('"') ? "'" : r.pick(['', '"', "'"]);
  return { file: '.env', text: `A=1\nDATABASE_URL=${q}${url}${q}\nB=2\n`, supports: s.supports };
}

function optionSample(r: Rand): Sample {
  const eol = r.pick(['\n', '\r\n']);
  const mariadb = r.chance(0.3);
  const lines = ['# options', mariadb ? r.pick(['[client-mariadb]', '[mariadb-client]']) : r.pick(['[client]', '[mysql]']), `host = ${r.pick(HOSTS)}`];
  if (r.chance(0.6)) lines.push('port=3307');
  if (mariadb) for (const flag of ['ssl', 'skip-ssl', 'ssl-verify-server-cert', 'ssl-verify-server-cert=0']) if (r.chance(0.25)) lines.push(flag);
  if (!mariadb && r.chance(0.5)) lines.push(`${r.pick(['ssl-mode', 'ssl_mode'])}=${r.pick(['REQUIRED', 'VERIFY_CA', 'preferred'])}`);
  if (r.chance(0.4)) lines.push(r.pick(['ssl-ca=/etc/ca.pem', 'ssl-ca = "/my certs/ca.pem"', "ssl_ca='/x.pem' # quoted"]));
  if (r.chance(0.3)) lines.push('password="p#w"');
  if (r.chance(0.3)) lines.push('tls-version=TLSv1.2 # comment');
  lines.push('', '[mysqld]', 'port=3306');
  const supports = (c: ParamChange) => !mariadb || c.param !== 'mode' || (c.value !== 'VERIFY_CA' && c.value !== 'PREFERRED' && c.value !== 'REQUIRED');
  return { file: r.pick(['my.cnf', '.my.cnf', 'conf/client.cnf']), text: lines.join(eol) + eol, supports };
}

/** What a reader should still say after the edit, except the fields the change is about. */
function stable(c: Connection, change: ParamChange): unknown {
  const tls: Record<string, unknown> = { ...c.tls };
  if (change.param === 'mode') for (const k of ['mode', 'verifyServerCert', 'verifyIdentity']) delete tls[k];
  else delete tls[change.param];
  if (change.param === 'ca' || change.param === 'cert') delete tls.trustStore; // Java stores stand for the PEM files
  return { host: change.param === 'host' ? '-' : c.host, port: c.port, user: c.user, password: c.password?.reveal(), database: c.database, socket: c.socket, tls, dialect: c.dialect, driver: c.driver };
}

function check(s: Sample, change: ParamChange): 'ok' | 'refused' {
  const before = readText(s.file, s.text);
  assert.equal(before.connections.length, 1, `one connection in:\n${s.text}`);
  const conn = before.connections[0];
  const plan = planEdit(s.text, conn, change);
  const what = `${JSON.stringify(change)} on:\n${s.text}`;
  if ('error' in plan) {
    assert.ok(!s.supports(change), `refused ${what}\n-> ${plan.error}`);
    assert.ok(plan.error.length > 20, 'the refusal says why');
    if (conn.password && !conn.password.isEmpty) assert.ok(!plan.error.includes(conn.password.reveal()));
    return 'refused';
  }
  assert.ok(s.supports(change), `expected a refusal for ${what}`);
  assert.ok(plan.edits.length > 0);
  const out = applyEdits(s.text, plan.edits);
  const lo = Math.min(...plan.edits.map((e) => e.span.start));
  const hi = Math.max(...plan.edits.map((e) => e.span.end));
  assert.ok(lo >= conn.span.start, `edit starts inside the connection: ${what}`);
  const lineEnd = s.text.slice(conn.span.end).search(/[\r\n]|$/) + conn.span.end;
  assert.ok(hi <= lineEnd, `edit ends by the connection's last line: ${what}`);
  assert.equal(out.slice(0, lo), s.text.slice(0, lo), 'bytes before the edit unchanged');
  assert.equal(out.slice(out.length - (s.text.length - hi)), s.text.slice(hi), 'bytes after the edit unchanged');
  const after = readText(s.file, out);
  assert.equal(after.connections.length, 1, `still one connection after ${what}\n=>\n${out}`);
  const c = after.connections[0];
  if (change.param === 'mode') assert.equal(c.tls.mode, change.value, `mode after ${what}\n=>\n${out}`);
  else if (change.param === 'host') assert.equal(c.host, change.value, `host after ${what}\n=>\n${out}`);
  else if (change.param === 'tlsVersions') assert.deepEqual(c.tls.tlsVersions, change.value, `versions after ${what}\n=>\n${out}`);
  else assert.equal(change.param === 'ca' && c.tls.ca === undefined ? c.tls.trustStore?.replace(/^file:/, '') : change.param === 'cert' && c.dialect === 'jdbc' ? c.tls.cert?.replace(/^file:/, '') : c.tls[change.param], change.value, `${change.param} after ${what}\n=>\n${out}`);
  assert.deepEqual(stable(c, change), stable(conn, change), `other settings unchanged by ${what}\n=>\n${out}`);
  assert.deepEqual(c.problems.map((p) => p.message), conn.problems.map((p) => p.message), `no new problems after ${what}\n=>\n${out}`);
  return 'ok';
}

const DIALECTS: [string, (r: Rand) => Sample][] = [
  ['URIs (MySQL Shell, Prisma, mysql2) in source and config files', uriSample],
  ['JDBC URLs for Connector/J and MariaDB Connector/J', jdbcSample],
  ['Go DSNs in sql.Open calls', goSample],
  ['.env key groups (MYSQL_*, Laravel DB_*)', dotenvSample],
  ['.env URL-valued keys', dotenvUrlSample],
  ['option-file [client] groups', optionSample],
];

for (const [name, gen] of DIALECTS) {
  test(`random changes to ${name} read back as intended, other bytes untouched`, () => {
    const r = prng(SEED + name.length);
    const counts = { ok: 0, refused: 0 };
    for (let i = 0; i < CASES; i++) counts[check(gen(r), randomChange(r))]++;
    assert.ok(counts.ok > CASES / 4, `most changes are writable (${JSON.stringify(counts)})`);
  });
}

test('Go DSN refuses VERIFY_CA and says why', () => {
  const text = 'x := "u@tcp(h:3306)/d"';
  const plan = planEdit(text, readText('a.go', text).connections[0], { param: 'mode', value: 'VERIFY_CA' });
  assert.ok('error' in plan);
  assert.match(plan.error, /RegisterTLSConfig/);
});

test('a connection read from an older text is refused rather than edited blindly', () => {
  const text = 'x = "mysql://u@h/db"';
  const c = readText('a.ts', text).connections[0];
  const plan = planEdit('short', c, { param: 'mode', value: 'REQUIRED' });
  assert.ok('error' in plan);
  assert.match(plan.error, /read the file again/);
});

test('settings and command-line connections have no text to edit', () => {
  const c = readText('a.ts', '"mysql://u@h/db"').connections[0];
  assert.match((planEdit('', { ...c, dialect: 'settings', span: { start: 0, end: 0 } }, { param: 'mode', value: 'REQUIRED' }) as { error: string }).error, /settings\.json/);
});

/** Plans and applies one change to the only connection in `text`. */
function edited(file: string, text: string, change: ParamChange): string {
  const c = readText(file, text).connections[0];
  const plan = planEdit(text, c, change);
  if ('error' in plan) throw new Error(plan.error);
  return applyEdits(text, plan.edits);
}

test('MariaDB client group with skip-ssl switched to VERIFY_IDENTITY in MariaDB spelling', () => {
  const text = '[client-mariadb]\nhost=db\nskip-ssl\n\n[mysqld]\n';
  const out = edited('my.cnf', text, { param: 'mode', value: 'VERIFY_IDENTITY' });
  assert.equal(out, '[client-mariadb]\nhost=db\nssl\nssl-verify-server-cert\n\n[mysqld]\n');
  assert.equal(readText('my.cnf', out).connections[0].tls.mode, 'VERIFY_IDENTITY');
});

test('MariaDB client group cannot be switched to REQUIRED or VERIFY_CA: its client has neither, and the edit says so', () => {
  const text = '[mariadb-client]\r\nhost=db\r\nssl-verify-server-cert\r\n';
  // `ssl` alone still lets the 10.11 client log in in plaintext to a server without TLS.
  const required = planEdit(text, readText('my.cnf', text).connections[0], { param: 'mode', value: 'REQUIRED' });
  assert.ok('error' in required && /no REQUIRED/.test(required.error));
  const refused = planEdit(text, readText('my.cnf', text).connections[0], { param: 'mode', value: 'VERIFY_CA' });
  assert.ok('error' in refused && /no VERIFY_CA/.test(refused.error));
});

test('JDBC URL with only useSSL=false gets sslMode, which wins in Connector/J 8', () => {
  assert.equal(edited('a.properties', 'url=jdbc:mysql://h:3306/db?useSSL=false\n', { param: 'mode', value: 'VERIFY_CA' }), 'url=jdbc:mysql://h:3306/db?useSSL=false&sslMode=VERIFY_CA\n');
});

test('Prisma URL asked for REQUIRED gets sslmode=require and sslaccept=accept_invalid_certs in one insertion', () => {
  const out = edited('.env', 'DATABASE_URL="mysql://u@h/db?sslaccept=strict"\n', { param: 'mode', value: 'REQUIRED' });
  assert.equal(out, 'DATABASE_URL="mysql://u@h/db?sslaccept=accept_invalid_certs&sslmode=require"\n');
});

test('.env group with CRLF, export and single quotes gets a new line in the same style', () => {
  const text = "export MYSQL_HOST='db'\r\nexport MYSQL_PORT='3306' # port\r\nOTHER=1\r\n";
  assert.equal(edited('.env', text, { param: 'ca', value: '/etc/my ca.pem' }), "export MYSQL_HOST='db'\r\nexport MYSQL_PORT='3306' # port\r\nexport MYSQL_SSL_CA='/etc/my ca.pem'\r\nOTHER=1\r\n");
});

test('Laravel group refuses an ssl mode and says what Laravel reads instead', () => {
  const text = 'DB_CONNECTION=mysql\nDB_HOST=h\n';
  const plan = planEdit(text, readText('.env', text).connections[0], { param: 'mode', value: 'VERIFY_CA' });
  assert.ok('error' in plan && /MYSQL_ATTR_SSL_CA/.test(plan.error));
});

test('IPv6 host written into a URL gets brackets, the port stays', () => {
  assert.equal(edited('a.ts', '"mysql://u@db:3307/x"', { param: 'host', value: '::1' }), '"mysql://u@[::1]:3307/x"');
  const text = '"mysql://u@db/x"';
  const bad = planEdit(text, readText('a.ts', text).connections[0], { param: 'host', value: 'a b/c' });
  assert.ok('error' in bad && /not a host name/.test(bad.error));
});

test('Go DSN with a registered tls config is not silently switched to the system CAs', () => {
  const text = 'dsn := "u@tcp(h:3306)/d?tls=corp-ca"';
  const plan = planEdit(text, readText('a.go', text).connections[0], { param: 'mode', value: 'VERIFY_IDENTITY' });
  assert.ok('error' in plan && /tls=corp-ca names a tls.Config/.test(plan.error) && /tls=true/.test(plan.error));
});

test('.env group with a DB_SSL=true flag gets a DB_SSL_MODE key instead of a mode in the flag', () => {
  const text = 'APP_DB_HOST=h\nAPP_DB_PORT=3306\nAPP_DB_SSL=true\n';
  const out = edited('.env', text, { param: 'mode', value: 'VERIFY_IDENTITY' });
  assert.equal(out, text.replace('APP_DB_SSL=true\n', 'APP_DB_SSL=true\nAPP_DB_SSL_MODE=VERIFY_IDENTITY\n'));
  assert.equal(readText('.env', out).connections.find((c) => c.host === 'h')?.tls.mode, 'VERIFY_IDENTITY');
});
