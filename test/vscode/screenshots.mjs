#!/usr/bin/env node
// Takes the README's and the walkthrough's pictures in the real host (code-server + chromium), on
// the sample project of examples/workspace, its servers played by the MariaDB lab:
//   media/screenshots/tree.png       the connections view after "Diagnose All", with statuses
//   media/screenshots/hover.png      the hover over a failing connection
//   media/screenshots/quick-fix.png  the quick fixes on a host name mismatch
//   media/walkthrough/*.png          one picture per walkthrough step (package.json)
// Needs TLS_DOCTOR_LAB (a running lab: node --import tsx test/lab/cli.ts start DIR).
//
// The project is copied as it ships, except that each port it names on 127.0.0.1 becomes the
// port of the lab server that plays that database, its certs/ca.pem is the lab's CA, and the
// accounts it names (fake passwords) are created on those servers, so logins behave as in the
// project's own environment.
import { spawnSync } from 'node:child_process';
import { cpSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildForHost, root } from './build.mjs';
import { ensureHost } from './host.mjs';
import { openWorkbench, pick, runCommand, showView, waitForRow } from './ui.mjs';

const screenshots = join(root, 'media/screenshots');
const walkthrough = join(root, 'media/walkthrough');

/** Which lab server plays the database at each port of examples/workspace, and what it shows. */
const SERVERS = {
  3306: 'wrong-san', // .env DATABASE_URL, VERIFY_IDENTITY: hostname-mismatch (the quick fix picture)
  3307: 'expired', // .env MYSQL_* group, VERIFY_CA: cert-expired (the hover picture)
  3308: 'healthy', // .env.production, Laravel: ok
  3309: 'other-ca', // my.cnf: ca-untrusted
  3310: 'tls13-only', // JDBC, TLS 1.2 only: tls-version-mismatch
  3311: 'tls-disabled', // Go DSN: server-tls-disabled
  3312: 'legacy-only', // Prisma: legacy TLS
  3313: 'healthy', // mysql2 URL without verification: verification-disabled
  3314: 'healthy', // mysql2 pool without TLS: tls-not-used
};
/** Files whose hosts are not this machine's (a container's, a template's): copied unchanged. */
const UNCHANGED = new Set(['docker-compose.yml', '.env.example']);
const ACCOUNTS = ['app', 'reports', 'shop', 'admin', 'api', 'prisma', 'worker', 'orders'];
const EXAMPLE_PASSWORD = 'example-password';

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** examples/workspace with the lab's ports and CA. */
function sampleProject(dir, lab) {
  cpSync(join(root, 'examples/workspace'), dir, { recursive: true });
  for (const file of filesUnder(dir)) {
    if (UNCHANGED.has(relative(dir, file))) continue;
    const text = readFileSync(file, 'utf8');
    const mapped = text.replace(/\b(33(?:0[6-9]|1[0-4]))\b/g, (port) => String(lab.servers[SERVERS[port]].port));
    if (mapped !== text) writeFileSync(file, mapped);
  }
  mkdirSync(join(dir, 'certs'), { recursive: true });
  copyFileSync(lab.files.ca, join(dir, 'certs/ca.pem'));
}

/** The project's accounts on the servers that play its databases (root logs in over each server's socket). */
function createAccounts(lab) {
  const sql = ACCOUNTS.map((u) => `CREATE USER IF NOT EXISTS '${u}'@'%' IDENTIFIED BY '${EXAMPLE_PASSWORD}';`).join('\n');
  for (const name of new Set(Object.values(SERVERS))) {
    const r = spawnSync('mariadb', ['--skip-ssl', '-uroot', '-S', lab.servers[name].config.socket], { input: sql, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`creating the sample accounts on ${name} failed: ${r.stderr}`);
  }
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await pick(page, name);
  await page.locator('.monaco-editor .view-line').first().waitFor({ timeout: 20_000 });
}

/** Drags the sash between the side bar and the editor so labels are not cut off. */
async function widenSidebar(page, width) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const x = sidebar.x + sidebar.width;
  const y = sidebar.y + sidebar.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(sidebar.x + width, y, { steps: 5 });
  await page.mouse.up();
}

async function shoot(target, dir, name) {
  await target.screenshot({ path: join(dir, name) });
  console.log(`wrote ${relative(root, join(dir, name))}`);
}

async function clearToasts(page) {
  await page.locator('.notifications-toasts .codicon-notifications-clear, .notification-toast .codicon-close').first().click({ timeout: 2000 }).catch(() => {});
}

/** Puts the mouse over the first line holding `text` and waits for the hover. */
async function hoverOn(page, text, dx = 60) {
  const line = page.locator('.monaco-editor .view-line', { hasText: text }).first();
  const box = await line.boundingBox();
  await page.mouse.move(box.x + dx, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover >> visible=true').first();
  await hover.waitFor({ timeout: 20_000 });
  await page.waitForTimeout(500);
  return hover;
}

/** Waits until no row in view is still waiting or diagnosing (the view shows only the rows in sight). */
async function settledRows(page, ms) {
  const until = Date.now() + ms;
  let quiet = 0;
  while (Date.now() < until && quiet < 3) {
    const texts = await page.locator('.pane-body .monaco-list-row').allInnerTexts();
    quiet = texts.some((t) => /not yet diagnosed|diagnosing/.test(t)) ? 0 : quiet + 1;
    await page.waitForTimeout(500);
  }
}

/** Ctrl+. at the cursor, again if the code actions were not ready yet. */
async function openQuickFixes(page) {
  for (let i = 0; ; i++) {
    await page.keyboard.press('Control+.');
    const shown = await page.locator('.action-widget').first().waitFor({ timeout: 8000 }).then(() => true, () => false);
    if (shown) return;
    if (i === 3) throw new Error('the quick fix menu did not open');
    await page.keyboard.press('Escape');
  }
}

async function main() {
  const labPath = process.env.TLS_DOCTOR_LAB;
  if (!labPath || !existsSync(labPath)) throw new Error('TLS_DOCTOR_LAB is not set: start the lab first (test/lab/cli.ts start DIR)');
  const lab = JSON.parse(readFileSync(labPath, 'utf8'));
  const why = ensureHost();
  if (why) throw new Error(why);
  await buildForHost();
  mkdirSync(screenshots, { recursive: true });
  mkdirSync(walkthrough, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-shots-'));
  const workspace = join(tmp, 'shop');
  sampleProject(workspace, lab);
  createAccounts(lab);
  const { page, close } = await openWorkbench(workspace);
  try {
    await page.setViewportSize({ width: 1400, height: 860 });
    await showView(page);
    await widenSidebar(page, 520);
    await waitForRow(page, '.env.production', (t) => t.includes('not yet diagnosed'), 60_000);
    await clearToasts(page);
    await shoot(page.locator('.part.sidebar'), walkthrough, 'connections.png');

    // Offline findings, before anything connects.
    await openFile(page, 'db.js');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.part.panel .markers-panel .monaco-list-row').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(800);
    await shoot(page.locator('.part.panel'), walkthrough, 'offline.png');
    await page.keyboard.press('Control+Shift+M');

    await runCommand(page, 'MySQL TLS Doctor: Diagnose All Connections');
    await waitForRow(page, '.env.production', (t) => !t.includes('not yet diagnosed') && !t.includes('diagnosing'), 90_000);
    await settledRows(page, 90_000);
    await openFile(page, '.env');
    await clearToasts(page);
    await page.mouse.move(1000, 700); // no tooltip over the tabs (it would show the temporary folder)
    await page.waitForTimeout(1500);
    await shoot(page, screenshots, 'tree.png');
    await shoot(page.locator('.part.sidebar'), walkthrough, 'diagnose.png');

    const hover = await hoverOn(page, 'MYSQL_HOST');
    await shoot(page, screenshots, 'hover.png');
    await shoot(hover, walkthrough, 'explain.png');
    await page.mouse.move(5, 400);

    const url = page.locator('.monaco-editor .view-line', { hasText: 'DATABASE_URL' }).first();
    const box = await url.boundingBox();
    await page.mouse.click(box.x + 140, box.y + box.height / 2);
    await openQuickFixes(page);
    await page.waitForTimeout(300);
    await shoot(page, screenshots, 'quick-fix.png');
    // The menu and the line it fixes (the menu may stand over the side bar).
    const menu = await page.locator('.action-widget').first().boundingBox();
    const left = Math.max(0, Math.min(menu.x, box.x) - 12);
    const top = Math.max(0, box.y - 12);
    const clip = { x: left, y: top, width: Math.max(menu.x + menu.width, box.x + 620) + 12 - left, height: menu.y + menu.height + 12 - top };
    await page.screenshot({ path: join(walkthrough, 'fix.png'), clip });
    console.log('wrote media/walkthrough/fix.png');
  } finally {
    await close();
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().catch((e) => {
  console.error(`screenshots failed: ${e?.message ?? e}`);
  process.exit(1);
});
