// Drives the real workbench like a user (command palette, quick pick, tree, dialogs) through
// playwright-core. Used where the in-host test API cannot reach: modal dialogs (the workbench
// refuses them while an extension test suite runs) and screenshots.
import { launchBrowser, startServer, workbenchUrl } from './host.mjs';

const STEP_MS = 20_000;

/** A workbench on `workspace` with this project as a development extension (no test suite). */
export async function openWorkbench(workspace, { trust = false, env = {} } = {}) {
  const server = await startServer({ env, trust });
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  const close = async () => {
    await browser.close();
    server.stop();
  };
  try {
    await page.goto(workbenchUrl(server.port, workspace), { timeout: 180_000 }); // a busy machine loads slowly
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar').waitFor({ timeout: STEP_MS });
    return { page, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Runs a command by its palette title, e.g. "MySQL TLS Doctor: Diagnose Connection". */
export async function runCommand(page, title) {
  // The title bar's command center opens quick open; '>' turns it into the command palette.
  const center = page.locator('.command-center-center').first();
  if (await center.isVisible()) await center.click();
  else await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input >> visible=true').first();
  await input.waitFor({ timeout: STEP_MS });
  await input.fill(`>${title}`);
  // Click the exact entry: fuzzy matching may rank a longer title first.
  const entry = page.locator('.quick-input-list .monaco-list-row').getByText(title, { exact: true }).first();
  await entry.waitFor({ timeout: STEP_MS });
  await entry.click();
}

/** Picks the quick-pick entry that filtering by `text` leaves first. */
export async function pick(page, text) {
  const input = page.locator('.quick-input-widget input >> visible=true').first();
  await input.waitFor({ timeout: STEP_MS });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: STEP_MS });
  await page.keyboard.press('Enter');
}

export async function showView(page) {
  const item = page.locator('.activitybar .action-item a[aria-label^="MySQL TLS Doctor"]').first();
  await item.waitFor({ timeout: STEP_MS });
  const title = page.locator('.part.sidebar .title-label', { hasText: 'MySQL TLS Doctor' });
  if (!(await title.isVisible())) await item.click();
  await title.waitFor({ timeout: STEP_MS });
}

/** The text of the tree row right after the row of `fileLabel` (the connection written in it). */
export async function connectionRowText(page, fileLabel) {
  const rows = page.locator('.pane-body .monaco-list-row');
  const texts = await rows.allInnerTexts();
  // A file row may carry the count of its problems after its name, on a line of its own.
  const label = (t) => t.trim().split('\n')[0].trim();
  const i = texts.findIndex((t) => label(t) === fileLabel || label(t).endsWith(`/${fileLabel}`));
  return i >= 0 ? (texts[i + 1] ?? '').replace(/\s+/g, ' ').trim() : undefined;
}

export async function waitForRow(page, fileLabel, predicate, ms = STEP_MS) {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    last = await connectionRowText(page, fileLabel);
    if (last !== undefined && predicate(last)) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(`tree row of ${fileLabel} never matched; last seen: ${last ?? '(no row)'}`);
}

/** Waits for a modal dialog, checks its text, presses `button`; returns the dialog's text. */
export async function answerDialog(page, button) {
  const box = page.locator('.monaco-dialog-box').first();
  await box.waitFor({ timeout: STEP_MS });
  const text = (await box.innerText()).replace(/\s+/g, ' ');
  await box.locator('.dialog-buttons .monaco-button', { hasText: button }).first().click();
  await box.waitFor({ state: 'hidden', timeout: STEP_MS });
  return text;
}
