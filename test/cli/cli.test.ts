// The command-line face, run as a user runs it: `node dist/cli.js ...`, exit codes, JSON, messages.
import assert from 'node:assert/strict';
import { createServer as createNetServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertNoCanary } from '../helpers/canary';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';
import { labOrSkip } from '../lab/manifest';

test('no command prints the usage and exits 2', async () => {
  const r = await runCli([]);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /mysql-tls-doctor diagnose/);
});

test('an unknown command is a one-line usage error', async () => {
  const r = await runCli(['diagnos']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /unknown command 'diagnos'/);
});

test('diagnose with an unreadable connection names what is wrong, without a stack trace', async () => {
  const r = await runCli(['diagnose', 'mysql://app:Canary-7Qx-pw@db:notaport/x']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /port/i);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assertNoCanary(r.stderr, 'the usage error');
});

test('diagnose with a bad --ssl-mode lists the valid modes', async () => {
  const r = await runCli(['diagnose', '127.0.0.1:1', '--ssl-mode', 'VERIFY']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /VERIFY_IDENTITY/);
});

test('diagnose --file on a file with no connection says so', async (t) => {
  const dir = tempDir(t);
  const f = join(dir, 'notes.txt');
  writeFileSync(f, 'nothing here\n');
  const r = await runCli(['diagnose', '--file', f]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no MySQL connection found/);
});

test('diagnose --file on a FIFO, a folder or a missing file: one line saying why, without blocking on the FIFO', async (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, 'my.cnf');
  execFileSync('mkfifo', [fifo]);
  const cases: [string, RegExp][] = [[fifo, /not a regular file/], [dir, /a folder, not a file/], [join(dir, 'none.cnf'), /no such file/]];
  for (const [path, why] of cases) {
    const r = await runCli(['diagnose', '--file', path]);
    assert.equal(r.code, 2, path);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, new RegExp(`cannot read ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    assert.match(r.stderr, why);
  }
});

test('diagnose --file of a my.cnf that connects over a socket only: the header names the socket, not localhost:3306', async (t) => {
  const dir = tempDir(t);
  // A socket something listens on: on one nothing listens on, the client fails with 2002 (an error).
  const sock = join(dir, 'mysqld.sock');
  const listener = createNetServer(() => undefined);
  await new Promise<void>((resolve) => listener.listen(sock, resolve));
  t.after(() => listener.close());
  const f = join(dir, 'my.cnf');
  writeFileSync(f, `[client]\nsocket=${sock}\n`);
  const r = await runCli(['diagnose', '--file', f]);
  assert.equal(r.code, 0, r.stderr);
  const header = r.stdout.split('\n')[0];
  assert.ok(header.startsWith(`via local socket ${sock} `), header);
  assert.doesNotMatch(r.stdout, /localhost:3306/);
  assert.match(r.stdout, /local-socket/);
  const j = JSON.parse((await runCli(['diagnose', '--file', f, '--json'])).stdout);
  assert.equal(j.target.socket, sock);
});

test('diagnose --file of a my.cnf whose socket nothing listens on: unreachable, as the client fails with 2002', async (t) => {
  const dir = tempDir(t);
  const f = join(dir, 'my.cnf');
  writeFileSync(f, `[client]\nsocket=${join(dir, 'nobody.sock')}\n`);
  const r = await runCli(['diagnose', '--file', f]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /unreachable/);
});

test('diagnose of a closed port: unreachable, exit 1, JSON as docs/CONTRACT.md describes', async () => {
  const r = await runCli(['diagnose', '127.0.0.1:9', '--json', '--timeout', '2000']);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout);
  assert.equal(j.version, 1);
  assert.equal(j.target.host, '127.0.0.1');
  assert.equal(j.target.port, 9);
  assert.equal(j.server.reachable, false);
  assert.equal(j.findings[0].code, 'unreachable');
  assert.equal(typeof j.durationMs, 'number');
});

test('explain reads the message from stdin and names the cause first', async () => {
  const r = await runCli(['explain', '--json'], {}, { input: 'ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed\n' });
  assert.equal(r.code, 0);
  const j = JSON.parse(r.stdout);
  assert.ok(Array.isArray(j.findings) && j.findings.length > 0);
});

test('explain of text with no known cause says so honestly', async () => {
  const r = await runCli(['explain', 'the coffee machine is broken']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /No known cause/);
});

test('scan --json lists the example workspace connections with 1-based positions and no password', async () => {
  const r = await runCli(['scan', 'examples/workspace', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const entries = JSON.parse(r.stdout);
  assert.ok(entries.length >= 5, `found ${entries.length}`);
  for (const e of entries) {
    assert.ok(e.line >= 1 && e.column >= 1, JSON.stringify(e));
    assert.ok(typeof e.file === 'string' && typeof e.dialect === 'string');
    assert.ok(!('password' in e));
  }
});

test('scan lets ripgrep on PATH do the byte search, and finds the same without one', async () => {
  const withRg = await runCli(['scan', 'examples/workspace']);
  const withoutRg = await runCli(['scan', 'examples/workspace'], { PATH: '/nonexistent' });
  assert.equal(withRg.code, 0, withRg.stderr);
  assert.equal(withoutRg.code, 0, withoutRg.stderr);
  assert.match(withRg.stdout, /11 connection\(s\) in \d+ file\(s\) searched under examples\/workspace \(byte search by ripgrep\)\n$/);
  assert.match(withoutRg.stdout, /11 connection\(s\) in \d+ file\(s\) searched under examples\/workspace\n$/);
  assert.equal(withRg.stdout.replace(' (byte search by ripgrep)', ''), withoutRg.stdout);
});

test('scan of a path that is not a folder is a usage error', async () => {
  const r = await runCli(['scan', 'package.json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not a folder/);
});

test('certs writes a CA and a server certificate whose SANs are exactly the hosts, keys owner-only', async (t) => {
  const dir = tempDir(t);
  const r = await runCli(['certs', '--host', 'db.internal', '--host', '10.0.0.5', '--out', dir, '--client']);
  assert.equal(r.code, 0, r.stderr);
  const leaf = new X509Certificate(readFileSync(join(dir, 'server-cert.pem')));
  assert.equal(leaf.subjectAltName, 'DNS:db.internal, IP Address:10.0.0.5');
  for (const key of ['server-key.pem', 'client-key.pem']) assert.equal(statSync(join(dir, key)).mode & 0o777, 0o600, key);
  assert.match(r.stdout, /FLUSH SSL/);
});

test('certs into a folder that already holds a set: refused with a one-line message naming the file, exit 2, nothing changed', async (t) => {
  const dir = tempDir(t);
  assert.equal((await runCli(['certs', '--host', 'db.internal', '--out', dir])).code, 0);
  const before = readFileSync(join(dir, 'server-key.pem'), 'utf8');
  const r = await runCli(['certs', '--host', 'db.internal', '--out', dir]);
  assert.equal(r.code, 2, r.stdout);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`${join(dir, 'ca.pem').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} already exists.*--force`));
  assert.equal(readFileSync(join(dir, 'server-key.pem'), 'utf8'), before, 'the key a server may be using is untouched');
});

test('certs --force replaces the set, and removes a client pair issued by the replaced CA', async (t) => {
  const dir = tempDir(t);
  assert.equal((await runCli(['certs', '--host', 'db.internal', '--out', dir, '--client'])).code, 0);
  const oldCa = readFileSync(join(dir, 'ca.pem'), 'utf8');
  const r = await runCli(['certs', '--host', 'db.internal', '--out', dir, '--force']);
  assert.equal(r.code, 0, r.stderr);
  assert.notEqual(readFileSync(join(dir, 'ca.pem'), 'utf8'), oldCa);
  assert.ok(!existsSync(join(dir, 'client-cert.pem')) && !existsSync(join(dir, 'client-key.pem')), 'no stale client pair beside the new CA');
  assert.match(r.stdout, /Removed[^\n]*\n\s+\S*client-cert\.pem/);
  const again = await runCli(['certs', '--host', 'db.internal', '--out', dir, '--force', '--client']);
  assert.equal(again.code, 0, again.stderr);
  const ca = new X509Certificate(readFileSync(join(dir, 'ca.pem')));
  assert.ok(new X509Certificate(readFileSync(join(dir, 'client-cert.pem'))).verify(ca.publicKey), 'the new client pair is issued by the new CA');
});

test('demo: every built-in faulty server is diagnosed with its cause', async () => {
  const r = await runCli(['demo'], {}, { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /8 of 8 faulty servers diagnosed with the right cause/);
});

test('a canary password from MYSQL_PWD appears in no output, JSON or report', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const dir = tempDir(t);
  const report = join(dir, 'report.md');
  const url = `mysql://${lab.users.requireSsl}@127.0.0.1:${lab.servers.healthy.port}/?ssl-mode=DISABLED`;
  const env = { MYSQL_PWD: lab.password };
  const json = await runCli(['diagnose', url, '--json', '--report', report], env);
  const text = await runCli(['diagnose', url], env);
  assert.equal(json.code, 1, json.stderr);
  assert.ok(JSON.parse(json.stdout).findings.some((f: { code: string }) => f.code === 'account-requires-tls'));
  for (const [what, s] of [['JSON', json.stdout], ['text', text.stdout], ['stderr', json.stderr + text.stderr], ['report', readFileSync(report, 'utf8')]]) assertNoCanary(s, what);
});

test('diagnose --report writes a Markdown report of a lab server', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const dir = tempDir(t);
  const report = join(dir, 'r.md');
  const r = await runCli(['diagnose', `mysql://x@127.0.0.1:${lab.servers.expired.port}/?ssl-mode=VERIFY_CA&ssl-ca=${lab.files.ca}`, '--no-auth', '--report', report]);
  assert.equal(r.code, 1);
  const md = readFileSync(report, 'utf8');
  assert.match(md, /^# MySQL TLS diagnosis/);
  assert.match(md, /cert-expired/);
});

test('certs with a host that is neither a DNS name nor an IP address is a usage error naming it', async (t) => {
  const dir = tempDir(t);
  const r = await runCli(['certs', '--host', 'bad host', '--out', dir]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /bad host/);
});

test('a connection and --file together is a usage error', async () => {
  const r = await runCli(['diagnose', '127.0.0.1:1', '--file', 'examples/workspace/my.cnf']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not both/);
});

test('an empty --ssl-mode is refused, not ignored', async () => {
  const r = await runCli(['diagnose', '127.0.0.1:1', '--ssl-mode', '']);
  assert.equal(r.code, 2);
});

test('a password with an @ in an unreadable URL is not echoed in the error', async () => {
  const r = await runCli(['diagnose', 'mysql://u:Can@ary-7Qx-pw@h:3306x/']);
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.stderr, /ary-7Qx-pw/);
});

test('a report path that cannot be written: the diagnosis is still printed, then one line naming the file and the reason in words, exit 2', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'plain-file'), 'x');
  const cases: [string, string][] = [
    ['/nonexistent-dir/r.md', 'the folder does not exist'],
    [dir, 'a folder of that name is in the way'],
    [join(dir, 'plain-file', 'r.md'), 'a part of the path is not a folder'],
  ];
  for (const [path, reason] of cases) {
    const r = await runCli(['diagnose', '127.0.0.1:9', '--timeout', '1000', '--report', path]);
    assert.equal(r.code, 2, path);
    assert.match(r.stdout, /unreachable/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(r.stderr.trim(), `mysql-tls-doctor diagnose: cannot write the report to ${path}: ${reason}`);
    assert.doesNotMatch(r.stderr, /\bE[A-Z]{2,}\b/, 'no raw errno code');
  }
});

test('output piped into a reader that closes early ends quietly, without a stack trace', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync('sh', ['-c', 'node dist/cli.js scan . | head -1'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /);
});
