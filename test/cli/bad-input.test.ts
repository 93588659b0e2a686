// Issue 12, bad input: whatever a user or a file hands the CLI, it ends, with exit 0, 1 or 2 (one
// line saying what is wrong), never exit 3 and never a raw escape sequence on the terminal.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { closeSync, constants, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

/** Exit 2, nothing on stdout, one line on stderr with no control character in it; the line. */
async function oneLineUsage(args: string[]): Promise<string> {
  const r = await runCli(args, {}, { timeoutMs: 20_000 });
  assert.equal(r.timedOut, false, `${args.join(' ')} did not end`);
  assert.equal(r.code, 2, `${JSON.stringify(args)}: ${r.stderr}`);
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  assert.equal(lines.length, 1, `one line: ${JSON.stringify(r.stderr)}`);
  assert.doesNotMatch(lines[0], /[\u0000-\u001f\u007f-\u009f]/, 'no raw control character');
  return lines[0];
}

test('diagnose --file with a line break in the path: one line naming it escaped, exit 2 (was exit 3)', async () => {
  assert.match(await oneLineUsage(['diagnose', '--file', 'app\n.env']), /cannot read app\\n\.env: no such file/);
  assert.match(await oneLineUsage(['diagnose', '--file', 'app\n.env:3']), /cannot read app\\n\.env: no such file/);
});

test('diagnose --file of a real file whose name holds a line break and an escape sequence: read, and named escaped', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'odd\n\x1b[2Jname.txt');
  writeFileSync(file, 'nothing here\n');
  assert.match(await oneLineUsage(['diagnose', '--file', file]), /odd\\n\\e\[2Jname\.txt: no MySQL connection found/);
});

test('diagnose --report to a FIFO nobody reads: refused at once in one line, the diagnosis still printed', async (t) => {
  const fifo = join(tempDir(t), 'report.md');
  execFileSync('mkfifo', [fifo]);
  const started = Date.now();
  const r = await runCli(['diagnose', '127.0.0.1:1', '--timeout', '500', '--report', fifo], {}, { timeoutMs: 20_000 });
  assert.equal(r.timedOut, false, 'the CLI ended');
  assert.ok(Date.now() - started < 15_000);
  assert.equal(r.code, 2);
  assert.match(r.stdout, /unreachable/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /cannot write the report to .*report\.md: it is not a regular file \(a FIFO, socket or device\)/);
});

test('diagnose --report to a FIFO someone reads, or to a device: refused, never blocked on', async (t) => {
  const fifo = join(tempDir(t), 'read.md');
  execFileSync('mkfifo', [fifo]);
  // This process holds the FIFO open for reading and never reads: a blocking write of the report
  // would wait forever once the pipe is full, so the FIFO is refused even with a reader there.
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const r = await runCli(['diagnose', '127.0.0.1:1', '--timeout', '500', '--report', fifo], {}, { timeoutMs: 20_000 });
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not a regular file/);
  } finally {
    closeSync(reader);
  }
  const r = await runCli(['diagnose', '127.0.0.1:1', '--timeout', '500', '--report', '/dev/null']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not a regular file/);
});

test('certs --days that would write broken certificates (0, negative, fractions, huge, not numbers): refused, nothing written', async (t) => {
  const dir = tempDir(t);
  for (const days of ['0', '-1', '1.5', '1e3', '0x10', ' 5', 'abc', '', '36501', '99999999', '1e21']) {
    const out = join(dir, `d${days.replace(/\W/g, '_')}`);
    const line = await oneLineUsage(['certs', '--host', 'db.test', '--out', out, `--days=${days}`]);
    assert.match(line, /--days must be (a positive whole number|at most 36500)/, days);
    assert.ok(!existsSync(out) || readdirSync(out).length === 0, `nothing written for --days=${days}`);
  }
});

test('certs --days at its largest (100 years) writes certificates whose dates parse', async (t) => {
  const out = join(tempDir(t), 'long');
  const r = await runCli(['certs', '--host', 'db.test', '--out', out, '--days=36500']);
  assert.equal(r.code, 0, r.stderr);
  const cert = new X509Certificate(readFileSync(join(out, 'server-cert.pem')));
  const years = (Date.parse(cert.validTo) - Date.now()) / (365.25 * 86_400_000);
  assert.ok(years > 99 && years < 101, `valid to ${cert.validTo}`);
});

test('a --timeout past what a timer can hold, or past ten minutes: one-line usage error (it used to skip the account check silently)', async () => {
  for (const ms of ['2147483648', '99999999999', '600001', '1e4', '5000.5']) {
    assert.match(await oneLineUsage(['diagnose', '127.0.0.1:1', `--timeout=${ms}`]), /--timeout must be (at most 600000 ms|a positive whole number)/, ms);
  }
});

test('hosts and users with percent-encoded escape sequences and line breaks: shown escaped in the text output', async () => {
  const r = await runCli(['diagnose', 'mysql://ev%1b%5b2Jil%0d%0aerror%07x@host.invalid:3306/?ssl-mode=REQUIRED', '--timeout', '500']);
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, 'no control character but the line ends');
  assert.match(r.stdout, /ev\\e\[2Jil\\r\\nerror\\x07x@host\.invalid:3306/);
  // A host holding them is no host name: refused in one line (never replaced by localhost), still escaped.
  const h = await runCli(['diagnose', 'mysql://app@h%1b%5d0%3btitle%07ost.invalid:3306/?ssl-mode=REQUIRED', '--timeout', '500']);
  assert.equal(h.code, 2, h.stderr);
  assert.doesNotMatch(h.stdout + h.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  const j = await runCli(['diagnose', 'mysql://ev%1b%5b2Jil@h.invalid:3306/', '--timeout', '500', '--json']);
  assert.equal(JSON.parse(j.stdout).target.user, 'ev\x1b[2Jil', 'JSON keeps the value, escaped by JSON itself');
});

test('scan of files whose connections hold escape sequences, and explain of a message with them: shown escaped', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.env'), 'DATABASE_URL=mysql://u%1b%5b31m%0a@db.example.com:3306/x\n');
  writeFileSync(join(dir, 'bad-host.env'), 'DATABASE_URL=mysql://u@db%1b%5b31m.example.com:3306/x\n');
  writeFileSync(join(dir, '\x1b[1mbold.env'), 'DATABASE_URL=mysql://u@db.example.com/\n');
  const s = await runCli(['scan', dir]);
  assert.equal(s.code, 0, s.stderr);
  assert.doesNotMatch(s.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  assert.match(s.stdout, /u\\e\[31m\\n@db\.example\.com/);
  assert.match(s.stdout, /bad-host\.env:1:\d+: .*host/, 'the host that is no host name is a problem on its line');
  assert.match(s.stdout, /\\e\[1mbold\.env/);
  const e = await runCli(['explain', "ERROR 2026 (HY000): SSL connection error \x1b]0;pwned\x07 for host 'db\x1b[2J'"]);
  assert.equal(e.code, 0, e.stderr);
  assert.doesNotMatch(e.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
});

// Every command line here once risked an internal failure or a hang; none may exit 3.
const ODD_COMMAND_LINES: string[][] = [
  ['diagnose', ''],
  ['diagnose', '\n'],
  ['diagnose', '--file', ''],
  ['diagnose', '--file', ':3'],
  ['diagnose', '--file', 'x:99999999999999999999'],
  ['diagnose', '--file', '/dev/null'],
  ['diagnose', 'mysql://%ff@h.invalid', '--timeout', '200'],
  ['diagnose', 'mysql://h:0'],
  ['diagnose', 'mysql://[::1'],
  ['diagnose', 'jdbc:mysql://'],
  ['diagnose', 'h', '--driver', '__proto__'],
  ['diagnose', 'h.invalid', '--ca', '\n', '--timeout', '200'],
  ['diagnose', 'h', '--tls-version', ','],
  ['diagnose', '127.0.0.1:1', '--report', ''],
  ['diagnose', '127.0.0.1:1', '--report', '/'],
  ['diagnose', '127.0.0.1:1', '--password-env', ''],
  ['diagnose', '127.0.0.1:1', '--password-env', 'A=B'],
  ['diagnose', 'h:99999'],
  ['scan', ''],
  ['scan', '\n'],
  ['explain', '\x1b[2J'],
  ['certs', '--host', 'a\nb', '--out', 'never-written'],
  ['certs', '--host', 'a.test', '--out', ''],
  ['certs', '--host', 'a.test', '--out', '/dev/null/x'],
  ['certs', '--host', '1.2.3.4.5', '--out', 'never-written'],
];

test(`${ODD_COMMAND_LINES.length} odd command lines: each ends with exit 0, 1 or 2, never 3, and prints no raw control character`, async (t) => {
  const cwd = tempDir(t);
  for (const args of ODD_COMMAND_LINES) {
    const r = await runCli(args, {}, { cwd, timeoutMs: 20_000, input: '' });
    assert.equal(r.timedOut, false, `${JSON.stringify(args)} ended`);
    assert.ok(r.code >= 0 && r.code <= 2, `${JSON.stringify(args)}: exit ${r.code} ${r.stderr}`);
    assert.doesNotMatch(r.stdout + r.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, JSON.stringify(args));
    if (r.code === 2) assert.equal(r.stderr.trim().split('\n').length, 1, `${JSON.stringify(args)}: ${r.stderr}`);
  }
});
