// The MariaDB lab as tests see it: a manifest written by `test/lab/cli.ts start DIR` and found
// through $TLS_DOCTOR_LAB. Tests that need real servers call labOrSkip(t) and skip, saying why,
// when no lab is running.
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';

export type LabServerName = 'healthy' | 'expired' | 'not-yet-valid' | 'other-ca' | 'no-intermediate'
  | 'with-intermediate' | 'wrong-san' | 'ip-only-san' | 'tls13-only' | 'tls12-only' | 'legacy-only'
  | 'one-cipher' | 'tls-disabled' | 'secure-transport';

export type LabFileName = 'ca' | 'ca-other' | 'ca-expired' | 'root-only' | 'root-and-intermediate' | 'client-cert'
  | 'client-key' | 'client-cert-expired' | 'client-key-mismatched' | 'client-key-encrypted' | 'ca-der'
  | 'ca-truncated' | 'key-as-ca' | 'missing';

export interface LabServer {
  name: LabServerName;
  host: '127.0.0.1';
  port: number;
  description: string;
  /** what the server is configured with (absolute paths / values), for assertions */
  config: Record<string, string>;
}

export interface LabManifest {
  dir: string;
  servers: Record<LabServerName, LabServer>;
  files: Record<LabFileName, string>; // absolute paths
  password: string; // the canary password of every lab account
  users: { plain: string; requireSsl: string; requireX509: string }; // REQUIRE NONE / SSL / X509
  /** Extra (D): the mariadbd process id of each server, so `stop` works even if `start` died. */
  pids?: Partial<Record<LabServerName, number>>;
}

export const LAB_SERVER_NAMES: readonly LabServerName[] = [
  'healthy', 'expired', 'not-yet-valid', 'other-ca', 'no-intermediate', 'with-intermediate',
  'wrong-san', 'ip-only-san', 'tls13-only', 'tls12-only', 'legacy-only', 'one-cipher',
  'tls-disabled', 'secure-transport',
];

const HOW_TO_START = 'run `npm test`, or `node --import tsx test/lab/cli.ts start DIR` and set TLS_DOCTOR_LAB=DIR/manifest.json';

/** Reads the manifest named by $TLS_DOCTOR_LAB; a reason instead when there is no usable lab. */
export function loadLab(): LabManifest | { reason: string } {
  const path = process.env.TLS_DOCTOR_LAB;
  if (!path) return { reason: `TLS_DOCTOR_LAB is not set (${HOW_TO_START})` };
  let manifest: LabManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as LabManifest;
  } catch (e) {
    return { reason: `cannot read the lab manifest ${path}: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!manifest || typeof manifest !== 'object' || !manifest.servers || !manifest.files) {
    return { reason: `${path} is not a lab manifest` };
  }
  const dead = deadServers(manifest);
  if (dead.length) return { reason: `the lab in ${manifest.dir} is not running (${dead.join(', ')} stopped)` };
  return manifest;
}

/** The lab, or undefined after t.skip('MariaDB lab not running: <why>'). */
export function labOrSkip(t: TestContext): LabManifest | undefined {
  const lab = loadLab();
  if ('reason' in lab) {
    t.skip(`MariaDB lab not running: ${lab.reason}`);
    return undefined;
  }
  return lab;
}

// A manifest left behind by a stopped lab must not make tests fail with "connection refused".
function deadServers(manifest: LabManifest): string[] {
  const pids = manifest.pids ?? {};
  return Object.entries(pids).filter(([, pid]) => !isAlive(pid)).map(([name]) => name);
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
