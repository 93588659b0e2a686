/**
 * `npm run bench`: measures speed and size in one run and writes the table into README.md between
 * the bench markers. Figures are medians over a few runs on this machine; the comparison tools run
 * against the same lab server in the same run, so the ratios hold across machines.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConnectionString } from '../src/engine/dialects';
import { diagnose } from '../src/engine/diagnose';
import { benchScan } from './scan';

const root = join(__dirname, '..');
const rows: [string, string, string][] = [];

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

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

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

async function benchDiagnosis(port: number, ca: string): Promise<void> {
  const url = `mysql://bench@127.0.0.1:${port}/?ssl-mode=VERIFY_IDENTITY&ssl-ca=${ca}`;
  const conn = parseConnectionString(url).connection!;
  await diagnose(conn, { auth: false }); // warm-up
  const inProcess = await timeIt(15, () => diagnose(conn, { auth: false }));
  rows.push(['full diagnosis, in-process (healthy lab server: greeting, 4 versions, ciphers, chain, files)', fmt(inProcess), '1.0x']);
  const cli = await timeIt(5, () => spawnSync('node', ['dist/cli.js', 'diagnose', url, '--no-auth', '--json'], { cwd: root }));
  rows.push(['full diagnosis, as a CLI process (`node dist/cli.js diagnose`)', fmt(cli), ratio(cli, inProcess)]);
  if (has('sslscan')) {
    const t = await timeIt(3, () => spawnSync('sslscan', ['--no-colour', '--starttls-mysql', `127.0.0.1:${port}`]));
    rows.push(['`sslscan --starttls-mysql` (versions and ciphers only)', fmt(t), ratio(t, inProcess)]);
  }
  if (has('openssl')) {
    const t = await timeIt(5, () => spawnSync('openssl', ['s_client', '-starttls', 'mysql', '-connect', `127.0.0.1:${port}`], { input: '' }));
    rows.push(['`openssl s_client -starttls mysql` (one handshake)', fmt(t), ratio(t, inProcess)]);
  }
  if (has('testssl')) {
    const t = await timeIt(1, () => spawnSync('testssl', ['--warnings', 'batch', '--starttls', 'mysql', '--nodns', 'none', '-p', `127.0.0.1:${port}`]));
    rows.push(['`testssl --starttls mysql -p` (protocols only)', fmt(t), ratio(t, inProcess)]);
  } else rows.push(['`testssl` (not installed on this machine)', '–', '–']);
  const conns = Array.from({ length: 50 }, () => parseConnectionString(url).connection!);
  const fifty = await timeIt(3, () => Promise.all(conns.map((c) => diagnose(c, { auth: false }))));
  rows.push(['50 connections diagnosed at once (wall time)', fmt(fifty), ratio(fifty, inProcess)]);
}

function ratio(t: number, base: number): string {
  return `${(t / base).toFixed(1)}x`;
}

async function main(): Promise<void> {
  const lab = labManifest();
  try {
    if (lab) await benchDiagnosis(lab.manifest.servers.healthy.port, lab.manifest.files.ca);
    else rows.push(['diagnosis (MariaDB lab could not start here: needs root and mariadb-server)', '–', '–']);
  } finally {
    lab?.stop?.();
  }
  const scan = await benchScan();
  const vsRipgrep = (ms: number) => (scan.rgMs > 0 ? `${(ms / scan.rgMs).toFixed(1)}x ripgrep (${fmt(scan.rgMs)})` : 'ripgrep not installed');
  rows.push([`\`scan\` of a ${scan.files.toLocaleString('en')}-file tree (byte search by ripgrep, as the CLI does with \`rg\` on PATH)`, scan.scanMs > 0 ? fmt(scan.scanMs) : '–', vsRipgrep(scan.scanMs)]);
  rows.push([`\`scan\` of the same tree, built-in search (no ripgrep)`, fmt(scan.builtInMs), vsRipgrep(scan.builtInMs)]);
  for (const f of ['dist/extension.js', 'dist/cli.js']) rows.push([`bundle size \`${f}\``, `${(statSync(join(root, f)).size / 1024).toFixed(0)} KiB`, '']);
  const activation = measureActivation();
  if (activation) rows.push(['extension activation in the real VS Code host (activate + first workspace scan)', fmt(activation.ms), `activate() alone ${fmt(activation.activateMs)}`]);
  else rows.push(['extension activation (the VS Code host could not run here)', '–', '–']);
  const table = ['| measurement | time / size | ratio |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  console.log(table);
  writeReadme(table);
}

/** A fresh host session that times a cold activation (test/vscode/suite/activation.test.ts). */
function measureActivation(): { ms: number; activateMs: number } | undefined {
  const out = join(root, '.cache/bench/activation.json');
  rmSync(out, { force: true });
  spawnSync('node', ['test/vscode/run.mjs'], { cwd: root, stdio: 'ignore', env: { ...process.env, TLS_DOCTOR_GREP: 'activation', TLS_DOCTOR_ACTIVATION_OUT: out } });
  return existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : undefined;
}

function writeReadme(table: string): void {
  const path = join(root, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) return;
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]).toString().trim();
  const stamp = `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu || 'this machine'} (${require('node:os').cpus().length} cores), Node ${process.version}.`;
  writeFileSync(path, `${readme.slice(0, i + start.length)}\n${stamp}\n\n${table}\n${readme.slice(j)}`);
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
});
