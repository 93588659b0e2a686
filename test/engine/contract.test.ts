// docs/CONTRACT.md is the public contract: it must name every finding code, driver id, dialect,
// command and setting the code and package.json have, and nothing they do not.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DIALECTS, DRIVER_IDS } from '../../src/engine/model/connection';
import { FINDING_CODES, type FindingCode } from '../../src/engine/model/finding';
import { COMMAND_IDS } from '../../src/extension/commands/ids';

const ROOT = path.join(__dirname, '../..');
const contract = fs.readFileSync(path.join(ROOT, 'docs/CONTRACT.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The text of the `## title` section (to the next `## `). */
function section(title: string): string {
  const start = contract.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `docs/CONTRACT.md has a section "${title}"`);
  const end = contract.indexOf('\n## ', start + 1);
  return contract.slice(start, end < 0 ? undefined : end);
}

/** The first cells of a section's table rows, unquoted: `| \`x\` *(added)* | …` gives x. */
function firstCells(text: string): string[] {
  return [...text.matchAll(/^\| `([^`]+)`/gm)].map((m) => m[1]);
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

test('every finding code is in the contract, with the severity and cause the engine gives it', () => {
  const rows = [...section('Finding codes').matchAll(/^\| `([a-z-]+)`(?: \*\(added\)\*)? \| ([a-z]+)[^|]* \| ([–\d]) \|/gm)];
  assert.deepEqual(sorted(rows.map((r) => r[1])), sorted(Object.keys(FINDING_CODES)));
  for (const [, code, severity, cause] of rows) {
    const fixed = FINDING_CODES[code as FindingCode];
    assert.equal(severity, fixed.severity, `${code}'s severity`);
    assert.equal(cause === '–' ? undefined : Number(cause), fixed.cause, `${code}'s cause`);
  }
});

test('the contract lists exactly the driver ids and the dialects the engine knows', () => {
  const drivers = section('Drivers');
  const listed = drivers.slice(0, drivers.indexOf('--driver-version'));
  assert.deepEqual(sorted([...listed.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).filter((id) => id !== 'driver' && !id.startsWith('-'))), sorted(DRIVER_IDS));
  assert.deepEqual(sorted(firstCells(section('Dialects'))), sorted(DIALECTS));
});

test('the contract names every command and setting package.json contributes, and the extension registers those commands', () => {
  const vscodeSection = section('VS Code contributions');
  const named = sorted([...vscodeSection.matchAll(/`(tlsDoctor\.[A-Za-z]+)`/g)].map((m) => m[1]));
  const commands: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
  const settings = Object.keys(pkg.contributes.configuration.properties);
  assert.deepEqual(sorted(commands), sorted(COMMAND_IDS), 'package.json and commands/ids.ts list the same commands');
  for (const id of [...commands, ...settings]) assert.ok(named.includes(id), `${id} is in docs/CONTRACT.md`);
  const views = ['tlsDoctor', 'tlsDoctor.connections', 'tlsDoctor.offline'];
  for (const id of named) assert.ok([...commands, ...settings, ...views].includes(id), `${id} of docs/CONTRACT.md exists`);
  assert.ok(vscodeSection.includes(`walkthrough \`${pkg.contributes.walkthroughs[0].id}\``), 'the walkthrough is named by its id');
});

test('package.json offers the engine\'s lists: every finding code in tlsDoctor.rules, every driver id in the driver settings', () => {
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual(sorted(Object.keys(props['tlsDoctor.rules'].properties)), sorted(Object.keys(FINDING_CODES)));
  const drivers = DRIVER_IDS.filter((d) => d !== 'unknown');
  assert.deepEqual(sorted(props['tlsDoctor.driver'].enum.filter((d: string) => d !== '')), sorted(drivers));
  assert.deepEqual(sorted(props['tlsDoctor.connections'].items.properties.driver.enum), sorted(drivers));
});

test('comments, tests and the README point to the contract inside the repository, never outside it', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', '.git', '.cache', 'dist', 'out'].includes(e.name)) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs|js|md|json|sh)$/.test(e.name) && /\.\.\/shared\/|shared\/SPEC\.md/.test(fs.readFileSync(p, 'utf8'))) offenders.push(path.relative(ROOT, p));
    }
  };
  walk(ROOT);
  assert.deepEqual(offenders.filter((f) => f !== 'test/engine/contract.test.ts'), []);
});
