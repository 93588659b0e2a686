// Passwords written the ways that used to leak: each case runs the CLI (in this process) as the user
// would and checks that no 4-character piece of the password reaches stdout, stderr or a report.
// Diagnoses go to 127.0.0.1:1, where nothing listens, so each ends at once.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertNoFragment } from '../helpers/canary';
import { runMain } from '../helpers/run-main';
import { tempDir, writeIn } from '../helpers/temp-dir';

const PW = 'Zq8vKw3Jm';


async function noLeak(args: string[], password = PW, env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const r = await runMain(args, env);
  const out = r.stdout + r.stderr;
  assertNoFragment(out, password, `${args[0]} ${args.slice(1).join(' ')}`);
  return { code: r.code, out };
}

test('a .env host key holding a whole URL: scan and diagnose show no piece of its password', async (t) => {
  const dir = tempDir(t);
  const file = writeIn(dir, '.env', `MYSQL_HOST=mysql://app:${PW}@127.0.0.1:1/shop\nMYSQL_PORT=3306\nMYSQL_USER=app\n`);
  await noLeak(['scan', dir]);
  await noLeak(['scan', dir, '--json']);
  await noLeak(['diagnose', '--file', `${file}:1`, '--timeout', '500', '--no-auth']);
});

test('a .env host key holding user:pass@host is refused as a host (exit 2, one line), its password not shown', async (t) => {
  const dir = tempDir(t);
  const file = writeIn(dir, '.env', `MYSQL_HOST=app:${PW}@db.example.com\nMYSQL_PORT=3306\n`);
  const scan = await noLeak(['scan', dir, '--json']);
  assert.doesNotMatch(scan.out, /db\.example\.com/, 'the misread host is not listed');
  const r = await noLeak(['diagnose', '--file', file]);
  assert.equal(r.code, 2);
  assert.equal(r.out.trim().split('\n').length, 1);
  assert.match(r.out, /MYSQL_HOST holds user@host/);
});

test('a URL whose userinfo has several colons and no @ before the query is refused, not read as an IPv6 host', async () => {
  for (const url of [`mysql://app:${PW}:x:y?ssl-mode=REQUIRED`, `mysql://app:a:${PW}?ssl-mode=REQUIRED`, `mysql://app:${PW}/db`]) {
    const r = await noLeak(['diagnose', url, '--timeout', '500']);
    assert.equal(r.code, 2, url);
  }
});

test('a Go DSN in source code whose password holds a space, a quote or = keeps the user name, not the password tail', async (t) => {
  for (const [name, literal] of [
    ['space.go', `"app:pa ss${PW}@tcp(db.example.com:3306)/shop?tls=true"`],
    ['quote.go', `\`app:pa"ss${PW}@tcp(db.example.com:3306)/shop?tls=true\``],
    ['equals.go', `"app:pa=ss${PW}@tcp(db.example.com:3306)/shop?tls=true"`],
    ['escaped.go', `"app:pa\\"ss${PW}@tcp(db.example.com:3306)/shop?tls=true"`],
  ]) {
    const dir = tempDir(t);
    writeIn(dir, name, `package main\n\nfunc open() { sql.Open("mysql", ${literal}) }\n`);
    const r = await noLeak(['scan', dir, '--json']);
    const entries = JSON.parse(r.out) as { user?: string; host?: string }[];
    assert.deepEqual(entries.map((e) => [e.user, e.host]), [['app', 'db.example.com']], name);
  }
});

test('a YAML value with an unquoted Go DSN whose password holds a space keeps the user name', async (t) => {
  const dir = tempDir(t);
  writeIn(dir, 'config.yml', `database:\n  dsn: app:pa ss${PW}@tcp(db.example.com:3306)/shop?tls=true\n`);
  const r = await noLeak(['scan', dir, '--json']);
  assert.deepEqual((JSON.parse(r.out) as { user?: string }[]).map((e) => e.user), ['app']);
});

test('user:pa@ss@host on the command line: the host is what follows the last @, no piece of the password becomes a host', async () => {
  const r = await noLeak(['diagnose', `app:pa@${PW}@127.0.0.1:1`, '--timeout', '500', '--json', '--no-auth']);
  const report = JSON.parse(r.out) as { target: { host: string; user: string } };
  assert.deepEqual([report.target.user, report.target.host], ['app', '127.0.0.1']);
});

test('a URL with user:pa@ss@host: the password is masked and the host is the last part', async () => {
  const r = await noLeak(['diagnose', `mysql://app:pa@${PW}@127.0.0.1:1/db`, '--timeout', '500', '--json', '--no-auth']);
  assert.equal((JSON.parse(r.out) as { target: { host: string } }).target.host, '127.0.0.1');
});

test('a host entry that does not parse (host:3306;connectTimeout=5) is refused with one line and exit 2, never replaced by localhost', async () => {
  for (const url of ['mysql://app@db.example.com:3306;connectTimeout=5/shop', 'jdbc:mysql://db.example.com:3306;connectTimeout=5/shop', 'mysql://app@db;x=5/shop']) {
    const r = await runMain(['diagnose', url, '--timeout', '500']);
    assert.equal(r.code, 2, url);
    assert.equal(r.stderr.trim().split('\n').length, 1, url);
    assert.equal(r.stdout, '');
    assert.doesNotMatch(r.stderr, /localhost/);
  }
});

test('a file whose connection host does not parse is refused by diagnose --file, not sent to localhost', async (t) => {
  const dir = tempDir(t);
  const file = writeIn(dir, 'my.cnf', `[client]\nhost=app:${PW}@db.example.com\nuser=app\npassword=${PW}\n`);
  const r = await noLeak(['diagnose', '--file', file]);
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.out, /localhost/);
});

test('--password-env given the password itself is refused without printing it', async () => {
  for (const value of [PW, `x y ${PW}`, `${PW}!`]) {
    const r = await noLeak(['diagnose', '127.0.0.1:1', '--password-env', value], value);
    assert.equal(r.code, 2);
    assert.match(r.out, /--password-env/);
  }
});

test('MYSQL_PWD and --password-env values are masked even where a misread would have shown them', async (t) => {
  const dir = tempDir(t);
  const report = join(dir, 'report.md');
  const env = { MYSQL_PWD: PW, DB_SECRET: `${PW}-2` };
  await noLeak(['diagnose', `app@127.0.0.1:1`, '--timeout', '500', '--report', report, '--no-auth'], PW, env);
  await noLeak(['diagnose', `app@127.0.0.1:1`, '--timeout', '500', '--password-env', 'DB_SECRET', '--json', '--no-auth'], `${PW}-2`, env);
  assertNoFragment(readFileSync(report, 'utf8'), PW, 'the Markdown report');
});

const PASTED: [string, string][] = [
  ['a URL password holding / = ( , \' "', `dial tcp: mysql://app:${PW}/=(,'"x@db.example.com:3306/shop: ERROR 2026 (HY000): SSL connection error`],
  ['JSON-escaped config in a log line', `{"level":"error","config":"{\\"host\\":\\"db\\",\\"password\\":\\"${PW} x\\"}","msg":"ERROR 2026 (HY000): SSL connection error"}`],
  ['JSON inside a JSON log, the password holding a quote and a backslash', JSON.stringify({ config: JSON.stringify({ password: `a"\\${PW}`, host: 'db' }), msg: 'ERROR 2026 (HY000): SSL connection error' })],
  ['setPassword("…") in a Java trace', `at App.main: ds.setPassword("${PW} x,y"); com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure`],
  ['MYSQL_PWD= with separators', `MYSQL_PWD=a;b,${PW} mysql -h db ERROR 2026 (HY000): SSL connection error: unable to get local issuer certificate`],
  ['password= with separators', `password=a&b${PW} ERROR 2026 (HY000): SSL connection error: certificate verify failed`],
  ['Pwd= with separators in an ADO string', `Server=db;Uid=app;Pwd=a;b${PW};SslMode=Required; SSL connection error`],
  ['--password= with separators', `$ mysql --password=x,y'${PW} -h db\nERROR 2026 (HY000): SSL connection error: wrong version number`],
  ['a Go DSN whose password holds a space', `[mysql] dsn "app:pa ss${PW}@tcp(db:3306)/shop?tls=true": x509: certificate signed by unknown authority`],
];

for (const [what, text] of PASTED) {
  test(`explain --json on a pasted error with ${what} shows no piece of the password`, async () => {
    await noLeak(['explain', '--json', text]);
    await noLeak(['explain', text]);
  });
}

test('explain on a long pasted log cut through a password shows no piece of it', async () => {
  for (const pad of [150, 180, 195, 199, 250, 290, 400]) {
    const text = `${'x'.repeat(pad)} password=${PW}${PW} ERROR 2026 (HY000): SSL connection error: certificate verify failed\n`;
    await noLeak(['explain', '--json', text]);
  }
});
