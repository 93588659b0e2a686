// Starts and stops the MariaDB lab:
//   node --import tsx test/lab/cli.ts start DIR   # writes DIR/manifest.json
//   node --import tsx test/lab/cli.ts stop DIR
// Failures print one line saying why and exit 1; bad usage exits 2.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CANARY_PASSWORD } from '../helpers/canary';
import { writeFixtures } from './fixtures';
import type { LabManifest, LabServer, LabServerName } from './manifest';
import {
  copyTemplate, findBinary, freePorts, installTemplate, instancePaths, LabError, planServers,
  runningLabPids, startInstance, stopPids, writeDefaultsFile, type Instance, type ServerPlan,
} from './servers';

const START_TIMEOUT_MS = 30_000;
const USERS = { plain: 'tls_plain', requireSsl: 'tls_require_ssl', requireX509: 'tls_require_x509' };
const DATABASE = 'labdb';

/** Builds every file and server of a lab in `dir` and writes dir/manifest.json. */
export async function startLab(dir: string): Promise<LabManifest> {
  checkPrerequisites();
  await stopLab(dir); // a lab left in the same folder would hold stale ports and pids
  mkdirSync(dir, { recursive: true });
  const template = installTemplate(dir);
  template.catch(() => undefined); // awaited below; keeps an early failure from going unhandled
  const fixtures = writeFixtures(join(dir, 'files'));
  trace('certificates written');
  const plans = planServers(fixtures);
  const initFile = writeInitFile(dir);
  const datadir = await template;
  trace('template datadir installed');
  const pids: Partial<Record<LabServerName, number>> = {};
  const started = await startAll(dir, plans, datadir, initFile, pids);
  trace('servers up');
  rmSync(join(dir, 'template'), { recursive: true, force: true });
  const manifest = buildManifest(dir, started, fixtures.files, pids);
  writeAtomically(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

// TLS_DOCTOR_LAB_TRACE=1 prints how long each phase of `start` took.
const began = Date.now();
function trace(what: string): void {
  if (process.env.TLS_DOCTOR_LAB_TRACE) console.error(`  ${((Date.now() - began) / 1000).toFixed(2)} s ${what}`);
}

function checkPrerequisites(): void {
  if (process.getuid?.() !== 0) throw new LabError('must run as root (mariadbd runs with user=root here)');
  for (const program of ['mariadbd', 'mariadb-install-db']) {
    if (!findBinary(program)) throw new LabError(`${program} not found (install mariadb-server: scripts/install-test-deps.sh)`);
  }
}

// Users are created by each server itself at startup, from this file: faster than a client per server.
function writeInitFile(dir: string): string {
  const path = join(dir, 'users.sql');
  const requires: [string, string][] = [[USERS.plain, 'NONE'], [USERS.requireSsl, 'SSL'], [USERS.requireX509, 'X509']];
  const lines = [`CREATE DATABASE IF NOT EXISTS ${DATABASE};`];
  for (const host of ['127.0.0.1', 'localhost']) {
    for (const [user, require] of requires) {
      lines.push(`CREATE USER IF NOT EXISTS '${user}'@'${host}' IDENTIFIED BY '${CANARY_PASSWORD}' REQUIRE ${require};`);
      lines.push(`GRANT ALL ON ${DATABASE}.* TO '${user}'@'${host}';`);
    }
  }
  writeFileSync(path, lines.join('\n') + '\n', { mode: 0o600 });
  return path;
}

async function startAll(dir: string, plans: ServerPlan[], template: string, initFile: string,
  pids: Partial<Record<LabServerName, number>>): Promise<Instance[]> {
  const ports = await freePorts(plans.length);
  const instances = plans.map((plan, i) => instancePaths(dir, plan, ports[i]));
  for (const inst of instances) {
    writeDefaultsFile(inst, initFile);
    copyTemplate(template, inst);
  }
  trace('datadirs copied');
  const results = await Promise.allSettled(instances.map(async (inst) => {
    pids[inst.plan.name] = await startWithRetry(inst, initFile);
    return inst;
  }));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stopLab(dir);
    throw failed.reason;
  }
  return instances;
}

// Another lab may grab a port between our probe and mariadbd's bind: try again on a new port.
async function startWithRetry(inst: Instance, initFile: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startInstance(inst, START_TIMEOUT_MS);
    } catch (e) {
      if (attempt >= 3 || !/bind|in use/i.test((e as Error).message)) throw e;
      inst.port = (await freePorts(1))[0];
      writeDefaultsFile(inst, initFile);
    }
  }
}

function buildManifest(dir: string, instances: Instance[], files: LabManifest['files'],
  pids: Partial<Record<LabServerName, number>>): LabManifest {
  const servers = {} as Record<LabServerName, LabServer>;
  for (const inst of instances) {
    const { name, description, config } = inst.plan;
    const where = { port: String(inst.port), socket: inst.socket, defaultsFile: inst.defaultsFile };
    servers[name] = { name, host: '127.0.0.1', port: inst.port, description, config: { ...config, ...where } };
  }
  return { dir, servers, files, password: CANARY_PASSWORD, users: USERS, pids };
}

/** Stops every server of the lab in `dir` (from the manifest and the pid files) and removes datadirs. */
export async function stopLab(dir: string): Promise<number> {
  const pids = labPids(dir);
  const stopped = await stopPids(pids, dir);
  for (const name of listDir(join(dir, 'instances'))) {
    rmSync(join(dir, 'instances', name, 'data'), { recursive: true, force: true });
  }
  rmSync(join(dir, 'template'), { recursive: true, force: true });
  return stopped;
}

function labPids(dir: string): number[] {
  const pids = new Set<number>();
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as LabManifest;
    for (const pid of Object.values(manifest.pids ?? {})) if (pid) pids.add(pid);
  } catch { /* no manifest: the pid files below still name the servers */ }
  for (const name of listDir(join(dir, 'instances'))) {
    const pid = Number.parseInt(readText(join(dir, 'instances', name, 'mariadbd.pid')), 10);
    if (pid > 0) pids.add(pid);
  }
  for (const pid of runningLabPids(dir)) pids.add(pid); // started, but no pid file written yet
  return [...pids];
}

function listDir(path: string): string[] {
  return existsSync(path) ? readdirSync(path) : [];
}

function readText(path: string): string {
  try { return readFileSync(path, 'utf8'); } catch { return ''; }
}

function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

// An interrupted start must not leave servers behind that nobody knows about.
function stopOnInterrupt(dir: string): void {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      console.error(`MariaDB lab start interrupted (${sig}): stopping what was started`);
      void stopLab(dir).finally(() => process.exit(130));
    });
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, dirArg] = argv;
  if (!dirArg || (command !== 'start' && command !== 'stop')) {
    console.error('usage: node --import tsx test/lab/cli.ts start|stop DIR');
    return 2;
  }
  const dir = resolve(dirArg);
  const began = Date.now();
  try {
    if (command === 'start') {
      stopOnInterrupt(dir);
      const lab = await startLab(dir);
      const seconds = ((Date.now() - began) / 1000).toFixed(1);
      console.log(`MariaDB lab: ${Object.keys(lab.servers).length} servers up in ${seconds} s (TLS_DOCTOR_LAB=${join(dir, 'manifest.json')})`);
    } else {
      const count = await stopLab(dir);
      console.log(`MariaDB lab: stopped ${count} servers in ${((Date.now() - began) / 1000).toFixed(1)} s (${dir})`);
    }
    return 0;
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    console.error(`MariaDB lab ${command} failed: ${message}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
