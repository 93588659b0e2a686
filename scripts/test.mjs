#!/usr/bin/env node
// The one test command (`npm test`): engine and CLI tests with Node's own runner, against a lab of
// real MariaDB servers on loopback, then the extension suite inside a real VS Code host.
//   node scripts/test.mjs            everything
//   node scripts/test.mjs engine     only test/engine (no lab start if nothing asks for it)
// The lab is started once here and described to the tests by TLS_DOCTOR_LAB (a manifest path).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2];

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function testFiles(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const suites = only ? [only] : ['engine', 'fuzz', 'cli', 'lab', 'agreement'];
const files = suites.flatMap((s) => testFiles(join(root, 'test', s)));

// The SARIF 2.1.0 schema `lint --sarif` is validated against (test/cli/lint.test.ts), fetched with npm once.
if (!only || only === 'cli') run('bash', ['scripts/install-sarif-schema.sh']);

let status = run('npm', ['run', '--silent', 'build']);
if (status !== 0) process.exit(status);

// Start the lab unless only pure engine tests were asked for.
const labDir = mkdtempSync(join(tmpdir(), 'tls-doctor-lab-'));
const labManifest = join(labDir, 'manifest.json');
let labStarted = false;
if (only !== 'engine' && existsSync(join(root, 'test/lab/cli.ts'))) {
  labStarted = run('node', ['--import', 'tsx', 'test/lab/cli.ts', 'start', labDir]) === 0 && existsSync(labManifest);
  if (!labStarted) {
    console.log(`# MariaDB lab not started: tests that need real servers will say so. (${labDir})`);
    if (process.env.CI) {
      console.error('CI requires the MariaDB lab; see the lines above for why it did not start.');
      process.exit(1);
    }
  }
}
const env = labStarted ? { TLS_DOCTOR_LAB: labManifest } : {};

try {
  if (files.length) status = run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], env);
  if (!only && existsSync(join(root, 'test/vscode/run.mjs'))) {
    const hostStatus = run('node', ['test/vscode/run.mjs'], env);
    status = status || hostStatus;
  }
} finally {
  if (labStarted) run('node', ['--import', 'tsx', 'test/lab/cli.ts', 'stop', labDir]);
  rmSync(labDir, { recursive: true, force: true });
}
process.exit(status);
