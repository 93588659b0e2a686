// The untrusted-workspace cases that need a real modal dialog answered, driven through the UI:
// declining connects nowhere; "Connect once" runs exactly that diagnosis. Returns results in the
// suite's format ({ title, state, error }).
import { runCertsUi } from './certsUi.mjs';
import { answerDialog, openWorkbench, pick, runCommand, showView, waitForRow } from './ui.mjs';

const DIAGNOSE = 'MySQL TLS Doctor: Diagnose Connection';

async function check(results, title, body) {
  try {
    await body();
    results.push({ title, state: 'passed' });
  } catch (e) {
    results.push({ title, state: 'failed', error: e?.message ?? String(e) });
  }
}

export async function runTrustUi(workspace, lab) {
  const results = [];
  const prefix = 'trust (UI, untrusted workspace)';
  if (!lab) {
    results.push({ title: `${prefix} needs the lab`, state: 'skipped', error: 'MariaDB lab not running: TLS_DOCTOR_LAB is not set' });
    return results;
  }
  let opened;
  try {
    opened = await openWorkbench(workspace, { trust: true });
    await showView(opened.page);
    // The first scan of a fresh host can take several seconds.
    await waitForRow(opened.page, 'healthy.env', (t) => t.includes('not yet diagnosed'), 60_000);
  } catch (e) {
    await opened?.close();
    results.push({ title: `${prefix} the workbench shows the connections`, state: 'failed', error: e?.message ?? String(e) });
    return results;
  }
  const { page, close } = opened;
  try {
    await check(results, `${prefix} declining the modal connects nowhere`, async () => {
      await runCommand(page, DIAGNOSE);
      await pick(page, 'expired.env');
      const text = await answerDialog(page, 'Cancel');
      if (!text.includes('not trusted')) throw new Error(`unexpected dialog: ${text}`);
      await page.waitForTimeout(1500);
      await waitForRow(page, 'expired.env', (t) => t.includes('not yet diagnosed'), 1000);
    });
    await check(results, `${prefix} "Connect once" diagnoses that one connection`, async () => {
      await runCommand(page, DIAGNOSE);
      await pick(page, 'healthy.env');
      const text = await answerDialog(page, 'Connect once');
      if (!text.includes(`127.0.0.1:${lab.servers.healthy.port}`)) throw new Error(`the dialog names another server: ${text}`);
      const login = `If its password is known, a login as ${lab.users.plain} will be attempted at 127.0.0.1:${lab.servers.healthy.port} over verified TLS only`;
      if (!text.includes(login)) throw new Error(`the dialog does not say where the login goes: ${text}`);
      await waitForRow(page, 'healthy.env', (t) => /ok · /.test(t), 30_000);
      await waitForRow(page, 'expired.env', (t) => t.includes('not yet diagnosed'), 1000);
    });
    await check(results, `${prefix} the password prompt says where the login will go, from the engine's rule`, async () => {
      await runCommand(page, DIAGNOSE);
      await pick(page, 'nopassword.env');
      await answerDialog(page, 'Connect once');
      const message = page.locator('.quick-input-widget .quick-input-message >> visible=true').first();
      await message.waitFor({ timeout: 10_000 });
      const text = (await message.innerText()).replace(/\s+/g, ' ');
      const login = `A login as ${lab.users.plain} will be attempted at 127.0.0.1:${lab.servers.healthy.port} over verified TLS only`;
      if (!text.includes(login) || !/never in plaintext/.test(text)) throw new Error(`the prompt does not say where the login goes: ${text}`);
      // Escape: no password, the diagnosis checks TLS without logging in.
      await page.keyboard.press('Escape');
      await waitForRow(page, 'nopassword.env', (t) => /ok · /.test(t), 30_000);
    });
    // In the same workbench (it connects nowhere): the replace question of Generate Certificates.
    results.push(...(await runCertsUi(page, workspace)));
  } finally {
    await close();
  }
  return results;
}
