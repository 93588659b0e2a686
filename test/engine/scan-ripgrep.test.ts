// `scan` lets ripgrep do the byte search when one is installed: it must find exactly what the
// built-in search finds, and any doubt must fall back to the built-in search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ripgrepOnPath } from '../../src/engine/scan/ripgrep';
import { scanDirectory, type ScanResult } from '../../src/engine/scan/scan';
import { tempDir, writeFiles } from '../helpers/temp-dir';

/** The real ripgrep: scripts/install-test-deps.sh installs it, so its absence is a failure. */
function realRipgrep(): string {
  const rg = ripgrepOnPath();
  assert.ok(rg, 'ripgrep (rg) is not on PATH: run scripts/install-test-deps.sh');
  return rg;
}


const URL = 'const u = "mysql://app@db.example:3306/app?ssl-mode=VERIFY_IDENTITY";\n';
const MAX = 16384;

/** Files each rule of ripgrep's own (ignore files, hidden files, encodings, binary, size) would
 *  treat otherwise than the scan, were it not turned off. */
function awkwardTree(dir: string): void {
  writeFiles(dir, {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'git-ignored/\nignored.ts\n',
    '.ignore': 'dot-ignored/\n',
    '.rgignore': 'rg-ignored/\n',
    'git-ignored/a.ts': URL,
    'dot-ignored/a.ts': URL,
    'rg-ignored/a.ts': URL,
    'ignored.ts': URL,
    '.secrets/hidden.ts': URL,
    '.env.local': 'DATABASE_URL=mysql://app@db:3306/x?ssl-mode=REQUIRED\n',
    'my.cnf': '[client]\nhost=db\nssl-mode=VERIFY_CA\n',
    'Dockerfile': 'ENV DATABASE_URL=mysql://app@db:3306/x\n',
    'UPPER.TS': URL.replace('mysql', 'MySQL'),
    'with space.go': 'var d = "u:p@tcp(db:3306)/x?tls=true"\n',
    '-e.ts': URL,
    'ünï/cödé.py': URL,
    'a/b/c/d/deep.java': 'String u = "jdbc:mariadb://db:3306/x";\n',
    // Starts with a UTF-16 byte-order mark but is not UTF-16: decoded as UTF-16 (as editors and
    // ripgrep do), it holds no connection.
    'fake-bom.ts': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(URL)]),
    // Real UTF-16 (as Windows tools write it): NUL bytes early, but the mark says text; found by both.
    'utf16.ts': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(URL, 'utf16le')]),
    // A NUL past the binary probe, and the connection after it: ripgrep would stop at the NUL.
    'late-nul.ts': Buffer.concat([Buffer.from('x'.repeat(8200)), Buffer.from([0]), Buffer.from(URL)]).subarray(0, MAX),
    'exactly-max.ts': URL + ' '.repeat(MAX - URL.length),
    'one-over-max.ts': URL + ' '.repeat(MAX - URL.length + 1),
    'node_modules/dep/index.js': URL,
    'src/node_modules/dep/index.js': URL,
    'src/build/out.ts': URL,
    'image.png': URL,
    'plain.ts': 'export const x = 1;\n',
    'shared/db.ts': URL,
    'shared/.env': 'DATABASE_URL=mysql://app@shared-db:3306/x\n',
    'app/main.ts': 'export {};\n',
  });
  // Linked files are read (ripgrep does not follow links: the built-in search reads them);
  // a linked folder is not entered, a dangling link is passed over.
  symlinkSync(join(dir, 'shared/db.ts'), join(dir, 'linked.ts'));
  symlinkSync(join(dir, 'plain.ts'), join(dir, 'linked-plain.ts'));
  symlinkSync(join(dir, 'shared/.env'), join(dir, 'app/.env'));
  symlinkSync(join(dir, 'shared'), join(dir, 'linked-folder'));
  symlinkSync(join(dir, 'no-such-file.ts'), join(dir, 'dangling.ts'));
  if (process.platform !== 'win32') writeFiles(dir, { 'new\nline.ts': URL });
}

function sameScan(a: ScanResult, b: ScanResult): void {
  assert.deepEqual(a.entries, b.entries);
  assert.deepEqual(a.problems, b.problems);
  assert.equal(a.filesSearched, b.filesSearched);
}

test('ripgrep finds what the built-in search finds, whatever ignore files, hidden files, encodings and sizes', async (t) => {
  const rg = realRipgrep();
  const dir = tempDir(t);
  awkwardTree(dir);
  // A user's ripgrep config that would hide every .ts file.
  const config = join(dir, '..', `rgconfig-${process.pid}`);
  writeFileSync(config, '--glob=!*.ts\n--max-count=0\n');
  const saved = process.env.RIPGREP_CONFIG_PATH;
  process.env.RIPGREP_CONFIG_PATH = config;
  t.after(() => (saved === undefined ? delete process.env.RIPGREP_CONFIG_PATH : (process.env.RIPGREP_CONFIG_PATH = saved)));
  const byRipgrep = await scanDirectory(dir, { ripgrep: rg, maxFileBytes: MAX });
  const builtIn = await scanDirectory(dir, { maxFileBytes: MAX });
  assert.equal(byRipgrep.search, 'ripgrep');
  assert.equal(builtIn.search, 'built-in');
  sameScan(byRipgrep, builtIn);
  const files = new Set(byRipgrep.entries.map((e) => e.file));
  for (const f of ['git-ignored/a.ts', 'dot-ignored/a.ts', 'rg-ignored/a.ts', 'ignored.ts', '.secrets/hidden.ts', '.env.local', 'my.cnf', 'Dockerfile',
    'UPPER.TS', 'with space.go', '-e.ts', 'ünï/cödé.py', 'a/b/c/d/deep.java', 'utf16.ts', 'late-nul.ts', 'exactly-max.ts',
    'linked.ts', 'app/.env']) {
    assert.ok(files.has(f), `${f} is found`);
  }
  for (const f of ['fake-bom.ts', 'one-over-max.ts', 'node_modules/dep/index.js', 'src/node_modules/dep/index.js', 'src/build/out.ts', 'image.png',
    'linked-plain.ts', 'linked-folder/db.ts', 'dangling.ts']) {
    assert.ok(!files.has(f), `${f} is passed over`);
  }
  if (process.platform !== 'win32') assert.ok(files.has('new\nline.ts'), 'a file name with a line break');
});

test('ripgrep on a large project: the same connections, in the same order', async (t) => {
  const rg = realRipgrep();
  const dir = tempDir(t);
  const files: Record<string, string> = {};
  for (let i = 0; i < 2500; i++) files[`pkg${i % 25}/f${i}.ts`] = `export const n = ${i};\n`.repeat(10) + (i % 50 === 0 ? URL : '');
  writeFiles(dir, files);
  const byRipgrep = await scanDirectory(dir, { ripgrep: rg });
  assert.equal(byRipgrep.search, 'ripgrep');
  assert.equal(byRipgrep.entries.length, 50);
  sameScan(byRipgrep, await scanDirectory(dir));
});

test('a file limit stops the listing and the scan says so; ripgrep, which searches the whole tree, is not used then', async (t) => {
  const rg = realRipgrep();
  const dir = tempDir(t);
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`f${String(i).padStart(2, '0')}.ts`] = URL;
  writeFiles(dir, files);
  for (const ripgrep of [rg, undefined]) {
    const cut = await scanDirectory(dir, { ripgrep, maxFiles: 10 });
    assert.equal(cut.truncated, true);
    assert.equal(cut.filesSearched, 10);
    assert.equal(cut.entries.length, 10, 'only the listed files are searched');
    assert.equal(cut.search, 'built-in');
  }
  const exact = await scanDirectory(dir, { ripgrep: rg, maxFiles: 30 });
  assert.equal(exact.truncated, undefined, 'a tree of exactly the limit is whole');
  assert.equal(exact.entries.length, 30);
  assert.equal(exact.search, 'ripgrep');
});

/** A stand-in for ripgrep that behaves as no working one does. */
function fakeRipgrep(dir: string, script: string): string {
  const path = join(dir, 'fake-rg');
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

test('a ripgrep that fails on some file is not trusted: the built-in search runs instead', { skip: process.platform === 'win32' && 'shell script stand-in' }, async (t) => {
  const dir = tempDir(t);
  writeFiles(dir, { 'a.ts': URL, 'b.ts': URL });
  // Exit status 2: an error on some file, whose matches would then be missing.
  const rg = fakeRipgrep(tempDir(t), "printf './a.ts\\0'; exit 2");
  const r = await scanDirectory(dir, { ripgrep: rg });
  assert.equal(r.search, 'built-in');
  assert.deepEqual(r.entries.map((e) => e.file), ['a.ts', 'b.ts']);
});

test('a program called rg that answers without searching is not trusted', { skip: process.platform === 'win32' && 'shell script stand-in' }, async (t) => {
  const dir = tempDir(t);
  writeFiles(dir, { 'a.ts': URL, 'b.ts': URL });
  // Each exits 0, as ripgrep does, but neither names the sample file it was given to search.
  for (const script of ['exit 0', "printf './a.ts\\0'; exit 0"]) {
    const r = await scanDirectory(dir, { ripgrep: fakeRipgrep(tempDir(t), script) });
    assert.equal(r.search, 'built-in', script);
    assert.deepEqual(r.entries.map((e) => e.file), ['a.ts', 'b.ts'], script);
  }
});

test('a ripgrep that is not there, or not a program, leaves the scan to the built-in search', async (t) => {
  const dir = tempDir(t);
  writeFiles(dir, { 'a.ts': URL, 'not-a-program': 'just text\n' });
  for (const rg of [join(dir, 'no-such-rg'), join(dir, 'not-a-program'), dir]) {
    const r = await scanDirectory(dir, { ripgrep: rg });
    assert.equal(r.search, 'built-in', rg);
    assert.deepEqual(r.entries.map((e) => e.file), ['a.ts'], rg);
  }
});

test('cancelling a scan stops the ripgrep it started', { skip: process.platform === 'win32' && 'shell script stand-in' }, async (t) => {
  const dir = tempDir(t);
  writeFiles(dir, { 'a.ts': URL });
  const pidFile = join(tempDir(t), 'pid');
  const rg = fakeRipgrep(tempDir(t), `echo $$ > '${pidFile}'\nexec sleep 30`);
  const ac = new AbortController();
  const scan = scanDirectory(dir, { ripgrep: rg, signal: ac.signal });
  for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 10));
  const pid = Number(readFileSync(pidFile, 'utf8'));
  ac.abort(new Error('stopped by the user'));
  await assert.rejects(scan, /stopped by the user/);
  let alive = true;
  for (let i = 0; i < 200 && alive; i++) {
    try {
      process.kill(pid, 0);
      await new Promise((r) => setTimeout(r, 10));
    } catch {
      alive = false;
    }
  }
  assert.equal(alive, false, 'the ripgrep process is gone');
});

test('ripgrep is looked up on PATH by absolute folders only', (t) => {
  const dir = tempDir(t);
  const bin = join(dir, 'bin');
  const text = join(dir, 'text');
  mkdirSync(bin);
  mkdirSync(text);
  writeFileSync(join(text, 'rg'), 'not executable\n');
  writeFileSync(join(bin, 'rg'), '#!/bin/sh\n');
  chmodSync(join(bin, 'rg'), 0o755);
  const path = (...dirs: string[]) => ({ PATH: dirs.join(':') });
  assert.equal(ripgrepOnPath(path(text, bin), 'linux'), join(bin, 'rg'), 'a file without execute permission is skipped');
  assert.equal(ripgrepOnPath(path('relative/bin', '', '.'), 'linux'), undefined, 'relative entries name the scanned folder, not an install');
  assert.equal(ripgrepOnPath({}, 'linux'), undefined);
});
