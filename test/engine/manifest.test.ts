// package.json as the user meets it: command titles the README repeats, a walkthrough whose
// pictures and commands exist.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.join(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const CATEGORY = 'MySQL TLS Doctor';

interface Contributed {
  command: string;
  title: string;
  category?: string;
}
const commands: Contributed[] = pkg.contributes.commands;
const hidden = new Set<string>(pkg.contributes.menus.commandPalette.filter((m: { when?: string }) => m.when === 'false').map((m: { command: string }) => m.command));
const titleOf = new Map(commands.map((c) => [c.command, c.title]));

test('the README\'s command table gives every palette command with package.json\'s own title', () => {
  const rows = new Map([...readme.matchAll(/^\| `(tlsDoctor\.[A-Za-z]+)` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2].trim()]));
  for (const c of commands) {
    assert.equal(c.category, CATEGORY, `${c.command} is in the palette's category`);
    if (hidden.has(c.command)) continue;
    assert.equal(rows.get(c.command), c.title, `README row of ${c.command}`);
  }
  for (const id of rows.keys()) assert.ok(titleOf.has(id) && !hidden.has(id), `${id} in the README is a palette command`);
});

test('a command the README names in bold is named by its palette title', () => {
  const palette = new Set(commands.filter((c) => !hidden.has(c.command)).map((c) => c.title));
  const verbs = new Set([...palette].map((t) => t.split(' ')[0]));
  // A bold phrase names a command when it says the category first or starts as a command does (Diagnose…, Export…).
  const named = [...readme.matchAll(/\*\*(MySQL TLS Doctor: )?([A-Z][^*]+)\*\*/g)]
    .map((m) => ({ prefixed: !!m[1], phrase: m[2].replace(/\s+/g, ' ') }))
    .filter((n) => n.prefixed || verbs.has(n.phrase.split(' ')[0]));
  assert.ok(named.length >= 3, 'the README names commands in bold');
  for (const { phrase } of named) assert.ok(palette.has(phrase), `"**${phrase}**" in the README is a command title (${[...palette].join(' | ')})`);
});

/** Commands of VS Code itself a walkthrough may run or wait for. */
const VSCODE_COMMANDS = new Set(['workbench.action.files.openFolder', 'workbench.actions.view.problems', 'editor.action.quickFix']);

test('the first-run walkthrough: each step has an existing picture and runs or waits for commands that exist', () => {
  const [walkthrough] = pkg.contributes.walkthroughs;
  assert.ok(walkthrough, 'a walkthrough is contributed');
  const views: string[] = Object.values(pkg.contributes.views as Record<string, Array<{ id: string }>>).flat().map((v) => v.id);
  const known = (id: string) => titleOf.has(id) || VSCODE_COMMANDS.has(id) || views.some((v) => id === `${v}.focus`);
  assert.deepEqual(walkthrough.steps.map((s: { id: string }) => s.id), ['open', 'offline', 'diagnose', 'explain', 'fix']);
  for (const step of walkthrough.steps) {
    const media = step.media.image ?? step.media.markdown;
    assert.ok(media && fs.existsSync(path.join(ROOT, media)), `${step.id}: ${media} exists`);
    if (step.media.image) assert.ok(step.media.altText, `${step.id}: the picture has a text for screen readers`);
    const links = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
    assert.ok(links.length > 0, `${step.id} offers a command`);
    for (const id of links) assert.ok(known(id), `${step.id}: command:${id} exists`);
    for (const event of step.completionEvents) {
      const [kind, id] = event.split(':');
      if (kind === 'onCommand') assert.ok(known(id), `${step.id}: ${event} waits for a command that exists`);
      else if (kind === 'onView') assert.ok(views.includes(id), `${step.id}: ${event} waits for a view that exists`);
      else assert.fail(`${step.id}: unexpected completion event ${event}`);
    }
  }
  const shipped = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
  assert.match(shipped, /^!media\/walkthrough\/\*\.png$/m, 'the pictures go into the .vsix');
});
