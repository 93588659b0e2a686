import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { scanDirectory } from '../../src/engine/scan/scan';
import { Helper, markAll, newJob, PARSE, UNREAD, type MarkJob } from '../../src/engine/scan/mark';

function tree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-scan-'));
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), body);
  }
  return dir;
}

test('a project with .env, my.cnf, Java and Go files, and dependency, binary and huge files to skip', async (t) => {
  const dir = tree({
    '.env': 'DATABASE_URL="mysql://app:pw@127.0.0.1:3306/app?ssl-mode=VERIFY_CA"\n',
    'config/my.cnf': '[client]\nhost=127.0.0.1\nport=3307\nssl-mode=REQUIRED\n',
    'src/main/resources/application.properties': 'x=1\nspring.datasource.url=jdbc:mysql://db:3308/x?sslMode=DISABLED\n',
    'cmd/main.go': 'package main\n\nvar dsn = "u:p@tcp(127.0.0.1:3309)/d?tls=true"\n',
    'src/plain.ts': 'export const x = 1;\n',
    'node_modules/pkg/index.js': 'module.exports = "mysql://dep@h/x";\n',
    '.git/config': 'url = mysql://git@h/x\n',
    'dist/app.js': 'const u = "mysql://dist@h/x";\n',
    'vendor/lib.go': 'var d = "u@tcp(h:1)/x"\n',
    'blob.json': Buffer.concat([Buffer.from('{"u":"mysql://bin@h/x"}'), Buffer.from([0, 1, 2])]),
    'huge.yaml': 'url: mysql://huge@h/x\n' + 'x'.repeat(1024 * 1024),
    'image.png': 'mysql://png@h/x',
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await scanDirectory(dir);
  assert.deepEqual(
    r.entries.map((e) => [e.file, e.line, e.column, e.dialect, e.host, e.port, e.sslMode]),
    [
      ['.env', 1, 15, 'dotenv', '127.0.0.1', 3306, 'VERIFY_CA'],
      ['cmd/main.go', 3, 12, 'go-dsn', '127.0.0.1', 3309, 'VERIFY_IDENTITY'],
      ['config/my.cnf', 1, 1, 'option-file', '127.0.0.1', 3307, 'REQUIRED'],
      ['src/main/resources/application.properties', 2, 23, 'jdbc', 'db', 3308, 'DISABLED'],
    ],
  );
  assert.equal(r.filesSearched, 7, '.env, my.cnf, properties, main.go, plain.ts, and blob.json and huge.yaml, passed over as binary and too big');
  assert.deepEqual(r.connections.map((c) => c.file), ['.env', 'cmd/main.go', 'config/my.cnf', 'src/main/resources/application.properties']);
  const env = r.entries[0];
  assert.deepEqual([env.endLine, env.endColumn], [1, 15 + 'mysql://app:pw@127.0.0.1:3306/app?ssl-mode=VERIFY_CA'.length]);
  assert.ok(!JSON.stringify(r.entries).includes('pw'), 'no password in entries');
});

test('problems carry file, 1-based line and column', async (t) => {
  const dir = tree({ 'a/.env': '\nMYSQL_HOST=h\nMYSQL_PORT=notaport\n', 'b/my.cnf': '!include /x.cnf\n[client]\nhost=h\n' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await scanDirectory(dir);
  assert.deepEqual(r.problems.map((p) => [p.file, p.line, p.column]), [['a/.env', 3, 12], ['b/my.cnf', 1, 1]]);
  assert.match(r.problems[0].message, /MYSQL_PORT/);
});

test('maxFileBytes lowers the size limit', async (t) => {
  const dir = tree({ 'big.ts': `const u = "mysql://u@h/x"; // ${'y'.repeat(5000)}\n` });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal((await scanDirectory(dir)).entries.length, 1);
  assert.equal((await scanDirectory(dir, { maxFileBytes: 1000 })).entries.length, 0);
});

test('an aborted scan stops with the abort reason', async (t) => {
  const dir = tree({ 'a.ts': 'mysql://u@h/x' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ac = new AbortController();
  ac.abort(new Error('stopped by the user'));
  await assert.rejects(scanDirectory(dir, { signal: ac.signal }), /stopped by the user/);
});

test('a folder that does not exist gives an empty result', async () => {
  const r = await scanDirectory(join(tmpdir(), 'tls-doctor-no-such-folder-' + process.pid));
  assert.deepEqual(r, { entries: [], connections: [], problems: [], filesSearched: 0, search: 'built-in' });
});

test('the example workspace shows one connection per dialect, with fake passwords only', async () => {
  const dir = join(__dirname, '../../examples/workspace');
  const r = await scanDirectory(dir);
  assert.deepEqual(
    r.entries.map((e) => [e.file, e.dialect, e.port, e.sslMode]),
    [
      ['.env', 'dotenv', 3306, 'VERIFY_IDENTITY'],
      ['.env', 'dotenv', 3307, 'VERIFY_CA'],
      ['.env.example', 'dotenv', 3306, 'REQUIRED'],
      ['.env.production', 'dotenv', 3308, undefined],
      ['cmd/api/main.go', 'go-dsn', 3311, 'REQUIRED'],
      ['config.json', 'uri', 3313, 'REQUIRED'],
      ['docker-compose.yml', 'yaml', 3306, 'VERIFY_IDENTITY'],
      ['my.cnf', 'option-file', 3309, 'VERIFY_IDENTITY'],
      ['prisma/.env', 'dotenv', 3312, 'VERIFY_IDENTITY'],
      ['src/main/resources/application.properties', 'jdbc', 3310, 'REQUIRED'],
      ['src/node/db.js', 'js', 3314, undefined],
    ],
  );
  assert.deepEqual(r.connections.map((c) => c.driver), ['unknown', 'unknown', 'unknown', 'php-pdo', 'go', 'mysql2', 'unknown', 'mysql-cli', 'prisma', 'connector-j', 'mysql2']);
  // The template and the compose file name the hosts of the machines they are for.
  assert.ok(r.connections.every((c) => c.host === '127.0.0.1' || c.file === '.env.example' || c.file === 'docker-compose.yml'));
  assert.ok(r.connections.every((c) => !c.password || ['example-password', 'change-me'].includes(c.password.reveal())));
  assert.deepEqual(r.problems, []);
});

test('a .env file with a byte-order mark: columns on the first line match what an editor shows', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'scan-bom-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, '.env'), '\uFEFFDATABASE_URL=mysql://app@db:3306/x\n');
  writeFileSync(join(dir, 'App.java'), 'String u = "jdbc:MySQL://db:3306/x";\n');
  const r = await scanDirectory(dir);
  const env = r.entries.find((e) => e.file === '.env');
  assert.equal(env?.column, 14);
  assert.ok(r.entries.some((e) => e.file === 'App.java'), 'a capitalised scheme is not skipped by the prefilter');
});

/** A large project: 2,400 files; one in 40 holds a connection, with every letter case the prefilter must pass. */
function largeTree(): { dir: string; expected: number } {
  const files: Record<string, string | Buffer> = {};
  const urls = ['mysql://u@h:3306/x', 'MYSQL://u@h:3306/x', 'jdbc:MariaDB://h:3306/x', 'u:p@tcp(h:3306)/x', 'u@unix(/tmp/s)/x'];
  let expected = 0;
  for (let i = 0; i < 2400; i++) {
    const holds = i % 40 === 0;
    if (holds) expected++;
    files[`pkg${Math.floor(i / 100)}/f${i}.ts`] = `export const n${i} = ${i};\n`.repeat(20) + (holds ? `const u = "${urls[(i / 40) % urls.length]}";\n` : '');
  }
  files['pkg0/blob.ts'] = Buffer.from([0x6d, 0x79, 0x73, 0x71, 0x6c, 0]); // binary: not read
  return { dir: tree(files), expected };
}

/** A pause that holds the main thread back until the helper thread has marked a file (at most 10 s). */
function waitForHelper(job: MarkJob): () => Promise<void> {
  const until = Date.now() + 10_000;
  return async () => {
    while (job.marked[1] === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  };
}

function jobFor(dir: string, files: string[]): MarkJob {
  return newJob(dir, files, new Uint8Array(files.length).fill(1), { maxBytes: 1 << 20, binaryProbe: 8192, pattern: 'mysql|tcp\\(' });
}

test('a large project is scanned by two threads and every connection is found once', async (t) => {
  const { dir, expected } = largeTree();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await scanDirectory(dir);
  assert.equal(r.entries.length, expected);
  assert.equal(r.filesSearched, 2401);
  const keys = r.entries.map((e) => e.file);
  assert.deepEqual(keys, [...keys].sort(), 'entries in file order whichever thread read them');
});

test('the helper thread and the main thread share the list: each file marked exactly once', async (t) => {
  const { dir } = largeTree();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const files = Array.from({ length: 2400 }, (_, i) => `pkg${Math.floor(i / 100)}/f${i}.ts`).concat('pkg0/blob.ts', 'pkg0/missing.ts');
  const job = jobFor(dir, files);
  await markAll(job, { pause: waitForHelper(job), helper: new Helper() });
  assert.ok(job.marked[1] > 0, 'the helper thread marked files');
  assert.ok(job.marked[0] > 0, 'the main thread marked files');
  assert.equal(job.marked[0] + job.marked[1], files.length);
  const alone = jobFor(dir, files);
  await markAll(alone, { pause: async () => {} });
  assert.deepEqual([...job.marks], [...alone.marks], 'the same marks as one thread alone');
  assert.deepEqual([job.marks[2400], job.marks[2401]], [UNREAD, UNREAD], 'binary and missing files are not read');
  assert.equal(job.marks.filter((m) => m === PARSE).length, 24, 'the mysql and tcp( files: the pattern is case-sensitive');
});

test('the helper thread still works once minified into the bundle', async (t) => {
  const { dir } = largeTree();
  const out = mkdtempSync(join(tmpdir(), 'scan-bundle-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });
  // The worker runs markFiles' own source text: bundling and minifying must not break it.
  await build({ entryPoints: [join(__dirname, '../../src/engine/scan/mark.ts')], bundle: true, minify: true, keepNames: true, platform: 'node', format: 'cjs', outfile: join(out, 'mark.js'), logLevel: 'silent' });
  const bundled = require(join(out, 'mark.js')) as typeof import('../../src/engine/scan/mark');
  const files = Array.from({ length: 2400 }, (_, i) => `pkg${Math.floor(i / 100)}/f${i}.ts`);
  const job = bundled.newJob(dir, files, new Uint8Array(files.length).fill(1), { maxBytes: 1 << 20, binaryProbe: 8192, pattern: 'mysql|tcp\\(' });
  await bundled.markAll(job, { pause: waitForHelper(job), helper: new bundled.Helper() });
  assert.ok(job.marked[1] > 0, 'the minified helper marked files');
  assert.equal(job.marked[0] + job.marked[1], files.length);
});

test('scan --json gives the effective port (3306 when none is written) and the driver of each connection', async (t) => {
  const dir = tree({
    '.env': 'DATABASE_URL=mysql://app@db.internal/shop\n',
    'App.java': 'String url = "jdbc:mysql://db.internal/shop?sslMode=VERIFY_IDENTITY";\n',
    'main.go': 'var dsn = "u@tcp(db.internal)/d?tls=true"\n',
    'my.cnf': '[client]\nhost=db.internal\n',
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await scanDirectory(dir);
  assert.deepEqual(
    r.entries.map((e) => [e.file, e.port, e.driver]),
    [
      ['.env', 3306, r.connections[0].driver],
      ['App.java', 3306, 'connector-j'],
      ['main.go', 3306, 'go'],
      ['my.cnf', 3306, 'mysql-cli'],
    ],
  );
  for (const e of r.entries) assert.equal(typeof e.driver, 'string');
});

test('an editor asking for the reads gets each file once: its text and connections, named by absolute path', async (t) => {
  const dir = tree({
    '.env': 'DATABASE_URL="mysql://app@127.0.0.1:3306/app?ssl-mode=VERIFY_CA"\n',
    'cmd/main.go': 'package main\n\nvar dsn = "u:p@tcp(127.0.0.1:3309)/d?tls=true"\n',
    'src/plain.ts': 'export const x = 1;\n',
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await scanDirectory(dir, { keepReads: true });
  assert.deepEqual(r.files?.map((f) => f.file), [join(dir, '.env'), join(dir, 'cmd/main.go')]);
  const go = r.files?.[1];
  assert.equal(go?.text, 'package main\n\nvar dsn = "u:p@tcp(127.0.0.1:3309)/d?tls=true"\n');
  assert.deepEqual(go?.read.connections.map((c) => [c.file, c.port]), [[join(dir, 'cmd/main.go'), 3309]]);
  assert.deepEqual(r.entries.map((e) => e.file), ['.env', 'cmd/main.go'], 'scan --json lines stay relative');
  assert.equal((await scanDirectory(dir)).files, undefined, 'without asking, no texts are kept');
});
