// Starts an offline VS Code host (code-server, the real VS Code workbench and Node extension host)
// and opens it in Debian's chromium through playwright-core. Shared by run.mjs (the test suite)
// and screenshots.mjs. See /work/shared/notes/vscode-host.md for why each flag is here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './build.mjs';

export const hostDir = process.env.TLS_DOCTOR_VSCODE_HOST ?? join(root, '.cache/vscode-host');
const entry = join(hostDir, 'node_modules/code-server/out/node/entry.js');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Installs the host when missing; returns a reason string when it cannot. */
export function ensureHost() {
  if (!existsSync(join(hostDir, '.complete'))) {
    console.log(`# installing the VS Code host into ${hostDir} (once; about 1.5 min)`);
    const r = spawnSync('bash', [join(root, 'scripts/install-vscode-host.sh'), hostDir], { stdio: 'inherit' });
    if (r.status !== 0) return `scripts/install-vscode-host.sh failed (exit ${r.status})`;
  }
  if (!existsSync(entry)) return `code-server is missing at ${entry}`;
  if (!existsSync(chromiumPath)) return `chromium is missing at ${chromiumPath}`;
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(port, child, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server not healthy within ${ms} ms`);
}

/**
 * Starts code-server in a fresh home. `env` reaches the extension host (results file, lab).
 * `trust`: keep workspace trust on (the folder then opens untrusted).
 */
export async function startServer({ env = {}, trust = false } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'tls-doctor-host-'));
  for (const d of ['ud', 'exts', 'config', 'data', 'cache']) mkdirSync(join(home, d), { recursive: true });
  const port = await freePort();
  const args = [entry, '--config', '/dev/null', '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--user-data-dir', join(home, 'ud'),
    '--extensions-dir', join(home, 'exts')];
  if (!trust) args.push('--disable-workspace-trust');
  // With trust on, open the folder in restricted mode without the startup question.
  else writeUserSettings(home, { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.enabled': true });
  const logFile = join(home, 'code-server.log');
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', out, out],
    detached: true,
    env: { ...process.env, ...env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'), EXTENSIONS_GALLERY: '{}' },
  });
  await waitHealthy(port, child, 30_000);
  const stop = () => {
    if (child.exitCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    }
    rmSync(home, { recursive: true, force: true, maxRetries: 3 });
  };
  return { port, home, logFile, stop };
}

/** The workbench URL that loads this project as a development extension (and optionally tests). */
export function workbenchUrl(port, folder, testsPath) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(root.replace(/\/$/, ''))], ['skipWelcome', 'true']];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'tls-doctor-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    // Tall enough that the tree's rows of the UI tests' workspace all render (the list is virtual).
    viewport: { width: 1280, height: 1600 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  return { context, close };
}

function writeUserSettings(home, settings) {
  mkdirSync(join(home, 'ud/User'), { recursive: true });
  writeFileSync(join(home, 'ud/User/settings.json'), JSON.stringify(settings, null, 2));
}
