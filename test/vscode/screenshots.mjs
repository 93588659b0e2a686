#!/usr/bin/env node
// Takes the README screenshots from the real host (code-server + chromium), against the lab:
//   media/screenshots/tree.png       the connections view after "Diagnose All", with statuses
//   media/screenshots/hover.png      the hover over a failing connection
//   media/screenshots/quick-fix.png  the quick fix menu on a host name mismatch
// Needs TLS_DOCTOR_LAB (a running MariaDB lab).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildForHost, root } from './build.mjs';
import { ensureHost } from './host.mjs';
import { openWorkbench, pick, runCommand, showView, waitForRow } from './ui.mjs';
import { makeWorkspace } from './workspace.mjs';

const out = join(root, 'media/screenshots');

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

async function shoot(page, name) {
  await page.screenshot({ path: join(out, name) });
  console.log(`wrote media/screenshots/${name}`);
}

async function main() {
  if (!process.env.TLS_DOCTOR_LAB) throw new Error('TLS_DOCTOR_LAB is not set: start the lab first (test/lab/cli.ts start DIR)');
  const why = ensureHost();
  if (why) throw new Error(why);
  await buildForHost();
  mkdirSync(out, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-shots-'));
  const workspace = join(tmp, 'workspace');
  makeWorkspace(workspace, process.env.TLS_DOCTOR_LAB, { examples: false, passwords: false });
  const { page, close } = await openWorkbench(workspace);
  try {
    await showView(page);
    await widenSidebar(page, 560);
    await waitForRow(page, 'healthy.env', (t) => t.includes('not yet diagnosed'), 60_000);
    await runCommand(page, 'MySQL TLS Doctor: Diagnose All Connections');
    for (const f of ['healthy.env', 'expired.env', 'ip-only.env', 'tls13.env', 'disabled.env']) {
      await waitForRow(page, f, (t) => !t.includes('not yet diagnosed') && !t.includes('diagnosing'), 60_000);
    }
    await page.locator('.notifications-toasts .codicon-notifications-clear, .notification-toast .codicon-close').first().click({ timeout: 2000 }).catch(() => {});
    await shoot(page, 'tree.png');

    await openFile(page, 'expired.env');
    const line = page.locator('.monaco-editor .view-line', { hasText: 'mysql://' }).first();
    const box = await line.boundingBox();
    await page.mouse.move(box.x + 200, box.y + box.height / 2);
    await page.locator('.monaco-hover >> visible=true').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await shoot(page, 'hover.png');
    await page.mouse.move(5, 400);

    await openFile(page, 'ip-only.env');
    const ipLine = page.locator('.monaco-editor .view-line', { hasText: 'localhost' }).first();
    const ipBox = await ipLine.boundingBox();
    await page.mouse.click(ipBox.x + 30, ipBox.y + ipBox.height / 2);
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    await shoot(page, 'quick-fix.png');
  } finally {
    await close();
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().catch((e) => {
  console.error(`screenshots failed: ${e?.message ?? e}`);
  process.exit(1);
});
