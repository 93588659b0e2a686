// `mysql-tls-doctor lint` as CI runs it: text, JSON and SARIF (validated against the SARIF 2.1.0
// schema), exit codes, no network connection, no password.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createCa } from '../../src/engine/certs/generate';
import { assertNoCanary, CANARY_PASSWORD } from '../helpers/canary';
import { REPO_ROOT, runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

const ca = createCa({ cn: 'Lint Test CA', keyBits: 1024 });

/** A project with one fault per file, a healthy connection beside them, and the canary password everywhere. */
function project(port = 3306): string {
  const dir = tempDir(undefined, 'tls-doctor-lint-');
  mkdirSync(join(dir, 'certs'));
  mkdirSync(join(dir, 'config'));
  writeFileSync(join(dir, 'certs', 'ca.pem'), ca.certPem);
  writeFileSync(join(dir, '.env'), [
    '# the healthy one',
    `DATABASE_URL="mysql://app:${CANARY_PASSWORD}@127.0.0.1:${port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=certs/ca.pem"`,
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'config', 'plain.env'), `REPORTS_DATABASE_URL=mysql://reports:${CANARY_PASSWORD}@127.0.0.1:${port}/shop?ssl-mode=DISABLED\n`);
  writeFileSync(join(dir, 'my.cnf'), `[client]\nhost=127.0.0.1\nport=${port}\nuser=app\npassword=${CANARY_PASSWORD}\nssl-mode=VERIFY_CA\nssl-ca=certs/missing.pem\n`);
  writeFileSync(join(dir, 'config', 'app.properties'), `spring.datasource.url=jdbc:mysql://127.0.0.1:${port}/shop?useSSL=true&requireSSL=true&password=${CANARY_PASSWORD}\n`);
  return dir;
}

interface JsonEntry {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  connection: { host?: string; port: number; driver: string; dialect: string };
  finding: { code: string; severity: string; title: string };
}

test('lint text: one line per finding at its place, then a summary; an error finding exits 1', async () => {
  const dir = project();
  const r = await runCli(['lint', '.'], {}, { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const findings = lines.slice(0, -1);
  for (const l of findings) assert.match(l, /^\S+:\d+:\d+ {2}(error|warning|info) *\s{2}[a-z-]+ {2}\S/, l);
  assert.ok(findings.some((l) => /^my\.cnf:7:1 {2}error +file-missing {2}/.test(l)), findings.join('\n'));
  assert.ok(findings.some((l) => /^config\/plain\.env:1:\d+ {2}warning +tls-not-used/.test(l)), findings.join('\n'));
  assert.ok(!findings.some((l) => l.startsWith('.env:')), 'the healthy connection gets nothing');
  assert.match(lines[lines.length - 1], /1 error\(s\), \d+ warning\(s\), \d+ info in 4 connection\(s\) of 4 file\(s\)/);
});

test('lint --json: an array with the place, the connection and the finding; spans point at the setting', async () => {
  const dir = project();
  const r = await runCli(['lint', '--json'], {}, { cwd: dir });
  assert.equal(r.code, 1);
  const entries = JSON.parse(r.stdout) as JsonEntry[];
  const deprecated = entries.filter((e) => e.finding.code === 'setting-deprecated');
  assert.equal(deprecated.length, 2);
  const text = readFileSync(join(dir, 'config', 'app.properties'), 'utf8');
  const firstLine = text.split('\n')[0];
  assert.equal(firstLine.slice(deprecated[0].column - 1, deprecated[0].endColumn - 1), 'useSSL=true');
  assert.deepEqual(deprecated[0].connection, { host: '127.0.0.1', port: 3306, driver: 'connector-j', dialect: 'jdbc' });
  assert.equal(deprecated[0].file, join('.', 'config', 'app.properties').replace(/^\.\//, ''));
});

test('lint --sarif: a SARIF 2.1.0 log valid against the schema, one rule per code, paths relative to the linted root', async () => {
  const schemaPath = join(REPO_ROOT, '.cache', 'sarif', 'sarif-schema-2.1.0.json');
  assert.ok(existsSync(schemaPath), 'the SARIF schema is missing: run scripts/install-sarif-schema.sh (npm test does)');
  const dir = project();
  const r = await runCli(['lint', dir, '--sarif']);
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  const valid = validate(JSON.parse(r.stdout));
  assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'MySQL TLS Doctor');
  assert.ok(run.tool.driver.rules.some((rule: { id: string }) => rule.id === 'file-missing'));
  const missing = run.results.find((x: { ruleId: string }) => x.ruleId === 'file-missing');
  assert.equal(missing.level, 'error');
  assert.equal(missing.locations[0].physicalLocation.artifactLocation.uri, 'my.cnf');
  assert.deepEqual(missing.locations[0].physicalLocation.region, { startLine: 7, startColumn: 1, endLine: 7, endColumn: 25 });
  const dep = run.results.find((x: { ruleId: string }) => x.ruleId === 'setting-deprecated');
  assert.equal(dep.level, 'note');
  assert.equal(dep.locations[0].physicalLocation.artifactLocation.uri, 'config/app.properties');
});

test('lint --fail-on decides the exit code; --rule turns a code off or changes its level', async () => {
  const dir = project();
  assert.equal((await runCli(['lint', '--fail-on', 'never'], {}, { cwd: dir })).code, 0);
  assert.equal((await runCli(['lint', '--rule', 'file-missing=warning'], {}, { cwd: dir })).code, 0);
  assert.equal((await runCli(['lint', '--rule', 'file-missing=warning', '--fail-on', 'warning'], {}, { cwd: dir })).code, 1);
  const quiet = await runCli(['lint', '--rule', 'file-missing=off', '--rule', 'tls-not-used=off', '--rule', 'verification-disabled=off', '--fail-on', 'warning'], {}, { cwd: dir });
  assert.equal(quiet.code, 0, quiet.stdout);
  assert.equal((await runCli(['lint', '--fail-on', 'info'], {}, { cwd: dir })).code, 1);
});

test('lint bad usage exits 2 with one line', async () => {
  for (const args of [['lint', '--json', '--sarif'], ['lint', '--fail-on', 'loud'], ['lint', '--rule', 'no-such-code=off'], ['lint', '/no/such/folder']]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('lint opens no network connection and prints no password, in every format', async () => {
  let connections = 0;
  const server = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const dir = project(port);
    for (const format of [[], ['--json'], ['--sarif']]) {
      const r = await runCli(['lint', ...format], {}, { cwd: dir });
      assert.equal(r.code, 1);
      assertNoCanary(r.stdout + r.stderr, `lint ${format.join(' ')}`);
    }
    assert.equal(connections, 0, 'lint connected to the server the connections name');
  } finally {
    server.close();
  }
});

test('lint --help prints the usage and exits 0', async () => {
  const r = await runCli(['lint', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /mysql-tls-doctor lint \[PATH \.\.\.\]/);
});

test('lint text shows a file name holding escape sequences escaped, never raw', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, '\x1b[1mbold.env'), 'DATABASE_URL=mysql://app@db.example.com/shop?ssl-mode=DISABLED\n');
  const r = await runCli(['lint', dir]);
  assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, 'no control character but the line ends');
  assert.match(r.stdout, /\\e\[1mbold\.env:1:/);
});
