#!/usr/bin/env node
// Runs the extension's mocha suite inside a real VS Code host that works offline: code-server
// (VS Code 1.100.3) + Debian chromium via playwright-core. Installs the host when missing.
// Prints every result and a final line `N passed, N failed`; exits 1 on any failure or when the
// host could not run (saying why). The lab (TLS_DOCTOR_LAB) is passed through to the suite.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildForHost, root } from './build.mjs';
import { ensureHost, launchBrowser, startServer, workbenchUrl } from './host.mjs';
import { prepareCertsUi } from './certsUi.mjs';
import { runTrustUi } from './trustUi.mjs';
import { makeActivationWorkspace, makeColdWorkspace, makeWorkspace } from './workspace.mjs';

const RUN_TIMEOUT_MS = 5 * 60_000;

function hostFailed(why) {
  console.log(`# VS Code host could not run: ${why}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

function printResults(results) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.state === 'passed') {
      passed++;
      console.log(`  ok   ${r.title}`);
    } else if (r.state === 'failed') {
      failed++;
      console.log(`  FAIL ${r.title}\n${indent(r.error ?? '')}`);
    } else {
      skipped++;
      console.log(`  skip ${r.title}${r.error ? ` (${r.error})` : ''}`);
    }
  }
  return { passed, failed, skipped };
}

const indent = (s) => s.split('\n').map((l) => `       ${l}`).join('\n');

function readLab() {
  const p = process.env.TLS_DOCTOR_LAB;
  try {
    return p && existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

async function runSuite(workspace, resultsFile, hostLog, untrusted, suite = '') {
  const activation = suite === 'activation';
  const env = { TLS_DOCTOR_RESULTS: resultsFile, TLS_DOCTOR_TEST_WORKSPACE: workspace, TLS_DOCTOR_UNTRUSTED: untrusted ? '1' : '0' };
  if (process.env.TLS_DOCTOR_LAB) env.TLS_DOCTOR_LAB = process.env.TLS_DOCTOR_LAB;
  // Only the activation session writes the benchmark's file (the others start the extension eagerly).
  env.TLS_DOCTOR_ACTIVATION_OUT = activation ? process.env.TLS_DOCTOR_ACTIVATION_OUT : '';
  env.TLS_DOCTOR_SUITE = suite;
  if (process.env.TLS_DOCTOR_GREP) env.TLS_DOCTOR_GREP = process.env.TLS_DOCTOR_GREP; // run only matching tests
  const server = await startServer({ env, trust: untrusted });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const exited = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => hostLog.push(`[${type}] ${args.join(' ')}`));
    // A busy machine (parallel builds, a lab starting) can take longer than playwright's 30 s default to load the workbench.
    await page.goto(workbenchUrl(server.port, workspace, join(root, 'out/test/index.js')), { timeout: 180_000 });
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), RUN_TIMEOUT_MS); });
    const code = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    return { code, serverLog: server.logFile && existsSync(server.logFile) ? readFileSync(server.logFile, 'utf8') : '' };
  } finally {
    await browser.close();
    server.stop();
  }
}

async function main() {
  const why = ensureHost();
  if (why) hostFailed(why);
  try {
    await buildForHost();
  } catch (e) {
    hostFailed(`bundling the extension or the suite failed: ${e.message}`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-vscode-'));
  try {
    const results = [];
    const exitCodes = [];
    // First, for `npm run bench`: a cold activation in a workspace that does not activate it at startup.
    if (process.env.TLS_DOCTOR_ACTIVATION_OUT) {
      const session = await runSession(join(tmp, 'activation'), false, 'activation');
      results.push(...session.results);
      exitCodes.push(session.code);
    }
    // A cold start of its own: commands run in the first seconds, before the first workspace read ends.
    if (!process.env.TLS_DOCTOR_GREP || /first seconds/i.test(process.env.TLS_DOCTOR_GREP)) {
      const session = await runSession(join(tmp, 'cold'), false, 'cold');
      results.push(...session.results);
      exitCodes.push(session.code);
    }
    // Two sessions: the whole suite in a trusted folder, then the trust suite in an untrusted one.
    for (const untrusted of [false, true]) {
      const session = await runSession(join(tmp, untrusted ? 'untrusted' : 'trusted'), untrusted);
      results.push(...session.results);
      exitCodes.push(session.code);
    }
    // Third: answering modal dialogs through the UI (the host refuses them during a suite): trust, replacing a certificate set.
    if (!process.env.TLS_DOCTOR_GREP || /trust/i.test(process.env.TLS_DOCTOR_GREP)) {
      const uiWorkspace = join(tmp, 'ui', 'workspace');
      makeWorkspace(uiWorkspace, process.env.TLS_DOCTOR_LAB, { examples: false });
      prepareCertsUi(uiWorkspace);
      results.push(...(await runTrustUi(uiWorkspace, readLab())));
    }
    const { passed, failed, skipped } = printResults(results);
    const hostOk = exitCodes.every((c) => c === 0);
    const ok = failed === 0 && hostOk && passed > 0;
    if (!ok && failed === 0) console.log(`# host exit codes ${exitCodes.join(', ')}, ${passed} passed: counted as a failure`);
    console.log(`${passed} passed, ${ok ? failed : Math.max(failed, 1)} failed${skipped ? `, ${skipped} skipped` : ''}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** One host session on a fresh fixture workspace; results as the suite wrote them. */
async function runSession(dir, untrusted, suite = '') {
  const workspace = join(dir, 'workspace');
  const resultsFile = join(dir, 'results.json');
  const hostLog = [];
  if (suite === 'activation') makeActivationWorkspace(workspace);
  else if (suite === 'cold') makeColdWorkspace(workspace);
  else makeWorkspace(workspace, process.env.TLS_DOCTOR_LAB);
  const { code, serverLog } = await runSuite(workspace, resultsFile, hostLog, untrusted, suite);
  if (process.env.VERBOSE) console.log(hostLog.join('\n'));
  if (!existsSync(resultsFile)) {
    console.log(hostLog.slice(-40).join('\n'));
    console.log(serverLog.split('\n').slice(-20).join('\n'));
    // Thrown, not exited: main's finally still removes the temporary folders.
    throw new Error(code === 'timeout' ? `no result within ${RUN_TIMEOUT_MS} ms` : `the suite wrote no results (exit ${code}${untrusted ? ', untrusted session' : ''})`);
  }
  return { code, results: JSON.parse(readFileSync(resultsFile, 'utf8')) };
}

main().catch((e) => hostFailed(e?.message ?? String(e)));
