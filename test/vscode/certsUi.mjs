// Generate Certificates on a folder whose set connections trust, driven through the UI (the
// workbench refuses modal dialogs while an extension test suite runs): the question says how many
// connections trust the set, and Enter (the default answer) does not replace it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pick, runCommand } from './ui.mjs';

const GENERATE = 'MySQL TLS Doctor: Generate Development Certificates…';
const OLD_CA = '-----BEGIN CERTIFICATE-----\nthe set two connections trust\n-----END CERTIFICATE-----\n';

/** A set in inuse/certs that two connections of inuse/app.env trust. Call before the workbench opens. */
export function prepareCertsUi(workspace) {
  mkdirSync(join(workspace, 'inuse/certs'), { recursive: true });
  writeFileSync(join(workspace, 'inuse/certs/ca.pem'), OLD_CA);
  writeFileSync(join(workspace, 'inuse/app.env'), [
    'DATABASE_URL=mysql://app@127.0.0.21:1/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=certs/ca.pem',
    'REPLICA_DATABASE_URL=mysql://app@127.0.0.22:1/shop?ssl-mode=VERIFY_CA&ssl-ca=certs/ca.pem',
    '',
  ].join('\n'));
}

/** Returns the suite's result objects ({ title, state, error }). */
export async function runCertsUi(page, workspace) {
  const title = 'generate certificates (UI) a folder whose CA two connections trust: the question says so, and Enter keeps the set';
  try {
    await runCommand(page, GENERATE);
    const input = page.locator('.quick-input-widget input >> visible=true').first();
    await input.waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter'); // the proposed hosts
    await pick(page, 'Type a folder');
    // The input box replaces the list: wait for its prompt before typing into it.
    await page.locator('.quick-input-widget >> visible=true', { hasText: 'created when missing), or an absolute path' }).first().waitFor({ timeout: 20_000 });
    await input.fill('inuse/certs');
    await page.keyboard.press('Enter');
    await pick(page, 'Server certificate only');
    const box = page.locator('.monaco-dialog-box').first();
    await box.waitFor({ timeout: 30_000 });
    const text = (await box.innerText()).replace(/\s+/g, ' ');
    if (!/2 connections trust its CA \(app@127\.0\.0\.21:1, app@127\.0\.0\.22:1\)/.test(text)) throw new Error(`the question does not say who trusts the set: ${text}`);
    await page.keyboard.press('Enter');
    await box.waitFor({ state: 'hidden', timeout: 20_000 });
    // Writing elsewhere was the default: the folder question is asked again.
    const again = page.locator('.quick-input-widget .quick-input-title >> visible=true', { hasText: 'folder to write them to' }).first();
    await again.waitFor({ timeout: 20_000 });
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
    if (readFileSync(join(workspace, 'inuse/certs/ca.pem'), 'utf8') !== OLD_CA) throw new Error('the set was replaced');
    return [{ title, state: 'passed' }];
  } catch (e) {
    return [{ title, state: 'failed', error: e?.message ?? String(e) }];
  }
}
