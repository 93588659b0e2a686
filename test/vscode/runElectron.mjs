#!/usr/bin/env node
// Runs the same in-host suite under desktop VS Code via @vscode/test-electron, for machines that
// can download VS Code (this one cannot: use run.mjs there). Same output contract as run.mjs.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildForHost, root } from './build.mjs';
import { makeWorkspace } from './workspace.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-electron-'));
const workspace = join(tmp, 'workspace');
const resultsFile = join(tmp, 'results.json');
let code = 1;
try {
  await buildForHost();
  makeWorkspace(workspace, process.env.TLS_DOCTOR_LAB);
  code = await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/test/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { TLS_DOCTOR_RESULTS: resultsFile, TLS_DOCTOR_TEST_WORKSPACE: workspace,
      ...(process.env.TLS_DOCTOR_LAB ? { TLS_DOCTOR_LAB: process.env.TLS_DOCTOR_LAB } : {}) },
  }).catch((e) => {
    console.log(`# VS Code could not run: ${e?.message ?? e}`);
    return 1;
  });
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : [];
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    if (r.state === 'passed') passed++;
    if (r.state === 'failed') failed++;
    console.log(`  ${r.state === 'passed' ? 'ok  ' : r.state === 'failed' ? 'FAIL' : 'skip'} ${r.title}${r.error ? `\n       ${r.error.split('\n').join('\n       ')}` : ''}`);
  }
  if (code !== 0 && failed === 0) failed = 1;
  console.log(`${passed} passed, ${failed} failed`);
  code = failed === 0 && passed > 0 ? 0 : 1;
} finally {
  rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(code);
