/**
 * `npm run bench`: measures speed and size in one run and writes the table into README.md between
 * the bench markers. Every time is the median of repeated runs, the alternatives interleaved (the
 * machine may be shared); the comparison tools run against the same lab server and the same tree in
 * the same run, so the ratios say more than the absolute times. The machine's load average at the
 * start and the end is written beside the table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConnectionString } from '../src/engine/dialects';
import { diagnose } from '../src/engine/diagnose';
import { benchScan, type ScanBench } from './scan';

const root = join(__dirname, '..');
const rows: [string, string, string][] = [];
const CLI = join(root, 'dist/cli.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeIt(n: number, f: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return median(times);
}

function fmt(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

function ratio(t: number, base: number): string {
  return `${(t / base).toFixed(1)}x`;
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

const node = (...args: string[]) => () => spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });

/** The lab's healthy server: the one `npm test` uses, or a lab started for the bench. */
function labManifest(): { manifest: { servers: Record<string, { port: number }>; files: Record<string, string> }; stop?: () => void } | undefined {
  const given = process.env.TLS_DOCTOR_LAB;
  if (given && existsSync(given)) return { manifest: JSON.parse(readFileSync(given, 'utf8')) };
  const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-bench-lab-'));
  const r = spawnSync('node', ['--import', 'tsx', 'test/lab/cli.ts', 'start', dir], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) return undefined;
  const stop = () => void spawnSync('node', ['--import', 'tsx', 'test/lab/cli.ts', 'stop', dir], { cwd: root, stdio: 'inherit' });
  return { manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), stop };
}

/** A whole process, timed: wall time, and its CPU time (user + system, its children's included)
 *  from /usr/bin/time when there is one: on a loaded machine the CPU time varies less. */
function runTimed(args: string[]): { wall: number; cpu?: number } {
  const time = existsSync('/usr/bin/time');
  const t = performance.now();
  const r = time
    ? spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    : spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  const wall = performance.now() - t;
  const last = time ? String(r.stderr ?? '').trim().split('\n').pop() ?? '' : '';
  const [user, sys] = last.split(' ').map(Number);
  return { wall, cpu: Number.isFinite(user) && Number.isFinite(sys) ? (user + sys) * 1000 : undefined };
}

/** Node's own start, and the CLI's commands as whole processes: what each adds to it. */
function benchStart(): number {
  const empty = mkdtempSync(join(tmpdir(), 'tls-doctor-bench-empty-'));
  try {
    const commands: Record<string, string[]> = {
      node: ['-e', '0'],
      help: [CLI, '--help'],
      lint: [CLI, 'lint', empty],
      scan: [CLI, 'scan', empty],
      lintExamples: [CLI, 'lint', 'examples/workspace', '--fail-on', 'never'],
    };
    const wall: Record<string, number[]> = {};
    const cpu: Record<string, number[]> = {};
    for (let i = 0; i < 21; i++) {
      for (const [k, args] of Object.entries(commands)) {
        const r = runTimed(args);
        (wall[k] ??= []).push(r.wall);
        if (r.cpu !== undefined) (cpu[k] ??= []).push(r.cpu);
      }
    }
    const w = (k: string) => median(wall[k]);
    const c = (k: string) => (cpu[k]?.length ? median(cpu[k]) : undefined);
    const signed = (d: number) => `${d >= 0 ? '+' : '-'}${fmt(Math.abs(d))}`;
    const own = (k: string) => {
      const cpuOwn = c(k) !== undefined && c('node') !== undefined ? `; CPU ${signed((c(k) as number) - (c('node') as number))}` : '';
      return `${signed(w(k) - w('node'))} beyond Node's start${cpuOwn}`;
    };
    rows.push(['Node\'s own start (`node -e 0`)', fmt(w('node')), c('node') !== undefined ? `CPU ${fmt(c('node') as number)}` : '']);
    rows.push(['`mysql-tls-doctor --help` (whole process)', fmt(w('help')), own('help')]);
    rows.push(['`mysql-tls-doctor lint` of an empty folder (whole process)', fmt(w('lint')), own('lint')]);
    rows.push(['`mysql-tls-doctor scan` of an empty folder (whole process)', fmt(w('scan')), own('scan')]);
    rows.push(['`mysql-tls-doctor lint examples/workspace` (11 connections in 10 files: .env, my.cnf, JS, YAML, properties...; loads the grammars)', fmt(w('lintExamples')), own('lintExamples')]);
    return w('node');
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

async function benchDiagnosis(port: number, ca: string, nodeStart: number): Promise<void> {
  const url = `mysql://bench@127.0.0.1:${port}/?ssl-mode=VERIFY_IDENTITY&ssl-ca=${ca}`;
  const conn = parseConnectionString(url).connection!;
  const warm = await diagnose(conn, { auth: false }); // warm-up (and a check that it is healthy)
  if (!warm.findings.some((f) => f.code === 'tls-ok')) throw new Error(`the healthy lab server is not healthy: ${warm.findings.map((f) => f.code).join(', ')}`);
  const inProcess = await timeIt(21, () => diagnose(conn, { auth: false }));
  rows.push(['full diagnosis, in-process (healthy lab server: greeting, 4 versions, every cipher suite, the chain, the CA file)', fmt(inProcess), '1.0x']);
  const cli = await timeIt(7, node(CLI, 'diagnose', url, '--no-auth', '--json'));
  rows.push(['full diagnosis, as a CLI process (`node dist/cli.js diagnose`)', fmt(cli), `${ratio(cli, inProcess)} (Node's start: ${fmt(nodeStart)})`]);
  if (has('openssl')) {
    const t = await timeIt(7, () => spawnSync('openssl', ['s_client', '-starttls', 'mysql', '-connect', `127.0.0.1:${port}`], { input: '' }));
    rows.push(['`openssl s_client -starttls mysql` (one handshake)', fmt(t), ratio(t, inProcess)]);
  }
  if (has('sslscan')) {
    const t = await timeIt(3, () => spawnSync('sslscan', ['--no-colour', '--starttls-mysql', `127.0.0.1:${port}`]));
    rows.push(['`sslscan --starttls-mysql` (versions and ciphers only)', fmt(t), ratio(t, inProcess)]);
  }
  if (has('testssl')) {
    const t = await timeIt(1, () => spawnSync('testssl', ['--warnings', 'batch', '--starttls', 'mysql', '--nodns', 'none', '-p', `127.0.0.1:${port}`]));
    rows.push(['`testssl --starttls mysql -p` (protocols only, one run)', fmt(t), ratio(t, inProcess)]);
  }
  const conns = Array.from({ length: 50 }, () => parseConnectionString(url).connection!);
  const fifty = await timeIt(3, () => Promise.all(conns.map((c) => diagnose(c, { auth: false }))));
  rows.push(['50 connections diagnosed at once (wall time)', fmt(fifty), ratio(fifty, inProcess)]);
}

function scanRows(s: ScanBench | undefined): void {
  if (!s) {
    rows.push(['`scan`/`lint` of a 10,000-file tree (ripgrep is not installed here: nothing to compare with)', '–', '–']);
    return;
  }
  const vs = (ms: number) => `${ratio(ms, s.rgMs)} ripgrep`;
  const tree = `${s.files.toLocaleString('en')}-file tree`;
  rows.push([`\`rg -l 'mysql|mariadb|tcp\\('\` over the ${tree} (whole process)`, fmt(s.rgMs), '1.0x ripgrep']);
  rows.push([`\`scan\` of the same tree, in-process (byte search by ripgrep; ${s.connections} connections, the code readers parse every candidate)`, fmt(s.scanMs), vs(s.scanMs)]);
  rows.push(['`scan`, in-process, built-in byte search (no ripgrep)', fmt(s.builtInMs), vs(s.builtInMs)]);
  rows.push([`\`lint\` of the same tree, in-process (scan, then the offline analysis: ${s.findings} findings)`, fmt(s.lintMs), vs(s.lintMs)]);
  rows.push(['`node dist/cli.js scan` of the same tree (whole process: start, grammars, work)', fmt(s.cliScanMs), vs(s.cliScanMs)]);
  rows.push(['`node dist/cli.js lint` of the same tree (whole process)', fmt(s.cliLintMs), vs(s.cliLintMs)]);
  rows.push(['editor: the workspace scan as the index runs it (keepReads)', fmt(s.editorScanMs), vs(s.editorScanMs)]);
  rows.push(['editor: its offline pass over those connections (placeOf + analyzeStatic, as diagnostics/static.ts)', fmt(s.offlineMs), `${((s.offlineMs / s.editorScanMs) * 100).toFixed(1)}% of the scan's time`]);
}

function sizeRows(): void {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const ext = statSync(join(root, 'dist/extension.js')).size;
  rows.push(['bundle size `dist/extension.js` (budget: under 1 MB)', kib(ext), ext < 1_000_000 ? 'within' : 'over']);
  rows.push(['bundle size `dist/cli.js` (the CLI\'s entry: usage and dispatch)', kib(statSync(CLI).size), '']);
  const commands = readdirSync(join(root, 'dist')).filter((f) => /^cli-[a-z]+\.js$/.test(f)).sort();
  rows.push(['the CLI\'s command bundles, each loaded only by its command', commands.map((f) => `${f.slice(4, -3)} ${kib(statSync(join(root, 'dist', f)).size)}`).join(', '), '']);
  const vsix = packageVsix();
  rows.push(vsix.size !== undefined ? ['`.vsix` (`npm run package`)', kib(vsix.size), `${kib(vsix.unpacked ?? 0)} unpacked`] : [`\`.vsix\`: not packaged here (${vsix.why})`, '–', '']);
}

/** `npm run package` (vsce comes from the npm registry through npx: it needs that network). */
function packageVsix(): { size?: number; unpacked?: number; why?: string } {
  const file = join(root, 'mysql-tls-doctor-0.1.0.vsix');
  rmSync(file, { force: true });
  const r = spawnSync('npm', ['run', 'package', '--silent'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0 || !existsSync(file)) return { why: `npm run package failed: ${(r.stderr || r.stdout || '').trim().split('\n').pop() ?? 'no output'}` };
  const listing = spawnSync('unzip', ['-l', file], { encoding: 'utf8' });
  const total = /^\s*(\d+)\s+\d+ files?\s*$/m.exec(listing.stdout ?? '');
  return { size: statSync(file).size, unpacked: total ? Number(total[1]) : undefined };
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0];
  const nodeStart = benchStart();
  const lab = labManifest();
  try {
    if (lab) await benchDiagnosis(lab.manifest.servers.healthy.port, lab.manifest.files.ca, nodeStart);
    else rows.push(['diagnosis (MariaDB lab could not start here: needs root and mariadb-server)', '–', '–']);
  } finally {
    lab?.stop?.();
  }
  scanRows(await benchScan());
  sizeRows();
  const activation = measureActivation();
  if (activation) rows.push(['extension activation in the real VS Code host (activate + first workspace scan)', fmt(activation.ms), `activate() alone ${fmt(activation.activateMs)}`]);
  else rows.push(['extension activation (the VS Code host could not run here)', '–', '–']);
  const table = ['| measurement | time / size | against |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  console.log(table);
  writeReadme(table, [loadBefore, loadavg()[0]]);
}

/** A fresh host session that times a cold activation (test/vscode/suite/activation.test.ts). */
function measureActivation(): { ms: number; activateMs: number } | undefined {
  const out = join(root, '.cache/bench/activation.json');
  rmSync(out, { force: true });
  spawnSync('node', ['test/vscode/run.mjs'], { cwd: root, stdio: 'ignore', env: { ...process.env, TLS_DOCTOR_GREP: 'activation', TLS_DOCTOR_ACTIVATION_OUT: out } });
  return existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : undefined;
}

function writeReadme(table: string, load: number[]): void {
  const path = join(root, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) return;
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]).toString().trim();
  const stamp =
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu || 'this machine'} (${cpus().length} cores), ` +
    `Node ${process.version}; load average ${load[0].toFixed(1)} at the start, ${load[1].toFixed(1)} at the end. Medians of 21 runs ` +
    '(start-up, in-process diagnosis), 9 (trees), 7 (CLI diagnosis, openssl), 3 (sslscan, 50 at once), 1 (testssl).';
  writeFileSync(path, `${readme.slice(0, i + start.length)}\n${stamp}\n\n${table}\n${readme.slice(j)}`);
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
});
