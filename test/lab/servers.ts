// The lab's MariaDB instances: what each one is configured with, and how to install, start and
// stop them. Each instance has its own defaults file, datadir (a copy of one template) and port.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, existsSync, openSync, readdirSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { LabFixtures } from './fixtures';
import type { LabServerName } from './manifest';

export type Options = Record<string, string>; // option -> value ('' for a bare flag)

export interface ServerPlan {
  name: LabServerName;
  description: string;
  /** TLS-related my.cnf options of this server */
  options: Options;
  /** what a test may assert: the options plus what the certificate is */
  config: Record<string, string>;
}

const HEALTHY_TLS = 'TLSv1.2,TLSv1.3';

/** What each server is built to show. */
export function planServers(fx: LabFixtures): ServerPlan[] {
  const tls = (name: Exclude<LabServerName, 'tls-disabled'>, description: string, extra: Options = {}): ServerPlan => {
    const c = fx.certs[name];
    const options: Options = { ssl_ca: fx.files.ca, ssl_cert: c.certFile, ssl_key: c.keyFile, tls_version: HEALTHY_TLS, ...extra };
    return { name, description, options, config: { ...options, ...c.meta, trust: c.trust } };
  };
  return [
    tls('healthy', 'certificate for localhost/127.0.0.1/::1 issued by files.ca, TLS 1.2 and 1.3'),
    tls('expired', 'server certificate expired on 2021-01-01'),
    tls('not-yet-valid', 'server certificate valid only from 2040-01-01'),
    tls('other-ca', "server certificate issued by files['ca-other'], not files.ca"),
    tls('no-intermediate', "leaf issued by an intermediate, sent without it; files['root-only'] is the root"),
    tls('with-intermediate', "leaf and intermediate sent; files['root-only'] is enough to verify"),
    tls('wrong-san', 'certificate names only DNS:db.example.com'),
    tls('ip-only-san', 'certificate names only IP:127.0.0.1'),
    tls('tls13-only', 'accepts TLS 1.3 only', { tls_version: 'TLSv1.3' }),
    tls('tls12-only', 'accepts TLS 1.2 only', { tls_version: 'TLSv1.2' }),
    tls('legacy-only', 'accepts TLS 1.0 and 1.1 only (ciphers at security level 0)', { tls_version: 'TLSv1.0,TLSv1.1', ssl_cipher: 'ALL:@SECLEVEL=0' }),
    tls('one-cipher', 'TLS 1.2 with the single cipher ECDHE-RSA-AES128-GCM-SHA256', { tls_version: 'TLSv1.2', ssl_cipher: 'ECDHE-RSA-AES128-GCM-SHA256' }),
    { name: 'tls-disabled', description: 'TLS switched off (skip-ssl, have_ssl=DISABLED)', options: { 'skip-ssl': '' }, config: { 'skip-ssl': 'ON', have_ssl: 'DISABLED' } },
    tls('secure-transport', 'refuses plaintext logins (require_secure_transport=ON)', { require_secure_transport: 'ON' }),
  ];
}

/** Paths of one instance inside the lab dir. */
export interface Instance {
  plan: ServerPlan;
  port: number;
  dir: string;
  defaultsFile: string;
  datadir: string;
  errorLog: string;
  pidFile: string;
  stderrLog: string;
  /** root may log in here without a password (mariadb --skip-ssl -uroot -S socket) */
  socket: string;
}

export function instancePaths(labDir: string, plan: ServerPlan, port: number): Instance {
  const dir = join(labDir, 'instances', plan.name);
  return {
    plan, port, dir,
    defaultsFile: join(dir, 'my.cnf'),
    datadir: join(dir, 'data'),
    errorLog: join(dir, 'error.log'),
    pidFile: join(dir, 'mariadbd.pid'),
    stderrLog: join(dir, 'stderr.log'),
    socket: socketPath(dir, plan.name),
  };
}

// Small and quiet: 14 of these share 2 cores and must start in well under a second each.
function baseOptions(datadir: string, socket: string): Options {
  return {
    datadir, socket, user: 'root', 'bind-address': '127.0.0.1', 'skip-name-resolve': '',
    'skip-log-bin': '', performance_schema: 'OFF', innodb_buffer_pool_size: '8M',
    innodb_log_file_size: '4M', innodb_use_native_aio: '0', innodb_doublewrite: '0',
    innodb_flush_log_at_trx_commit: '0', innodb_fast_shutdown: '2', max_connections: '60',
    'skip-external-locking': '',
  };
}

function renderCnf(options: Options): string {
  const lines = Object.entries(options).map(([k, v]) => (v === '' ? k : `${k}=${v}`));
  return `[mariadbd]\n${lines.join('\n')}\n`;
}

// A Unix socket path must fit in 108 bytes; a long lab dir gets its sockets under /tmp instead.
function socketPath(dir: string, name: string): string {
  const inside = join(dir, 'mariadbd.sock');
  return inside.length < 100 ? inside : join('/tmp', `tls-doctor-${process.pid}-${name}.sock`);
}

export function writeDefaultsFile(inst: Instance, initFile: string): void {
  mkdirSync(inst.dir, { recursive: true });
  const options: Options = {
    ...baseOptions(inst.datadir, inst.socket),
    port: String(inst.port), 'pid-file': inst.pidFile, 'log-error': inst.errorLog, 'init-file': initFile,
    ...inst.plan.options,
  };
  writeFileSync(inst.defaultsFile, renderCnf(options));
}

/** Runs mariadb-install-db once into DIR/template; instances copy it. */
export async function installTemplate(labDir: string): Promise<string> {
  const dir = join(labDir, 'template');
  mkdirSync(dir, { recursive: true });
  const cnf = join(dir, 'my.cnf');
  const datadir = join(dir, 'data');
  writeFileSync(cnf, renderCnf(baseOptions(datadir, socketPath(dir, 'template'))));
  const result = await run(findBinary('mariadb-install-db') ?? 'mariadb-install-db', [`--defaults-file=${cnf}`, '--auth-root-authentication-method=normal', '--skip-test-db']);
  if (result.code !== 0) throw new LabError(`mariadb-install-db failed: ${lastLine(result.output)}`);
  return datadir;
}

export function copyTemplate(template: string, inst: Instance): void {
  rmSync(inst.datadir, { recursive: true, force: true });
  cpSync(template, inst.datadir, { recursive: true, preserveTimestamps: true });
}

/** `count` distinct ports nobody listens on right now (the OS picks them; all held until all are known). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listenAnywhere()));
  const ports = servers.map((s) => { const a = s.address(); return typeof a === 'object' && a ? a.port : 0; });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function listenAnywhere(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Starts mariadbd in its own session (so it outlives whoever started it and no test process owns
 * it) and waits until it sends a MySQL greeting on its port. Resolves with its pid.
 */
export async function startInstance(inst: Instance, timeoutMs: number): Promise<number> {
  // Option errors are printed before the error log opens: keep stderr in a file next to it.
  const stderr = openSync(inst.stderrLog, 'w');
  const child = spawn(findBinary('mariadbd') ?? 'mariadbd', [`--defaults-file=${inst.defaultsFile}`], { detached: true, stdio: ['ignore', stderr, stderr] });
  closeSync(stderr);
  child.unref();
  const pid = await spawned(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => { gone = true; });
  while (Date.now() < deadline && !gone) {
    if (await greets(inst.port)) return pid;
    await sleep(100);
  }
  if (!gone) process.kill(pid, 'SIGKILL');
  const why = gone ? errorLogReason([inst.stderrLog, inst.errorLog]) : `no greeting on port ${inst.port} within ${timeoutMs / 1000} s`;
  throw new LabError(`server '${inst.plan.name}' did not come up: ${why}`);
}

function spawned(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid!));
    child.once('error', (e) => reject(new LabError(`cannot run mariadbd: ${e.message}`)));
  });
}

/** True when something on the port sends a MySQL handshake (protocol 10) within a second. */
export function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (b: Buffer) => done(b.length > 4 && b[4] === 10));
  });
}

/** The error lines of a failed server's logs, joined into one line. */
export function errorLogReason(paths: string[]): string {
  const text = paths.filter((p) => existsSync(p)).map((p) => readFileSync(p, 'utf8')).join('\n');
  const errors = text.split('\n')
    .filter((l) => l.includes('[ERROR]') && !l.includes('Aborting'))
    .map((l) => l.slice(l.indexOf('[ERROR]') + 7).trim());
  const unique = [...new Set(errors)];
  return unique.length ? unique.join('; ').slice(0, 400) : 'it exited (see its error log)';
}

/** Sends SIGTERM to each pid that is still this lab's mariadbd, waits, then SIGKILLs stragglers. */
export async function stopPids(pids: number[], labDir: string, timeoutMs = 15_000): Promise<number> {
  const ours = pids.filter((pid) => isLabProcess(pid, labDir));
  for (const pid of ours) signal(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && ours.some((pid) => isLabProcess(pid, labDir))) await sleep(100);
  for (const pid of ours) if (isLabProcess(pid, labDir)) signal(pid, 'SIGKILL');
  return ours.length;
}

/** Every running mariadbd started for this lab dir, found in /proc even if its pid file is missing. */
export function runningLabPids(labDir: string): number[] {
  let entries: string[];
  try { entries = readdirSync('/proc'); } catch { return []; }
  return entries.filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => isLabProcess(pid, labDir));
}

// A pid may have been reused since the lab started: only kill a mariadbd whose defaults file is ours.
export function isLabProcess(pid: number, labDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return cmdline.includes('mariadbd') && cmdline.includes(`--defaults-file=${join(labDir, 'instances')}`) && !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try { process.kill(pid, sig); } catch { /* already gone */ }
}

/** Absolute path of a MariaDB program: on PATH, or in the sbin folders a non-login shell may lack. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  return dirs.filter(Boolean).map((d) => join(d, name)).find((p) => existsSync(p));
}

export class LabError extends Error {}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? '(no output)';
}

export function run(cmd: string, args: string[], input?: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    child.once('error', (e) => resolve({ code: 127, output: e.message }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
    child.once('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}
