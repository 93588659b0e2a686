// The real-client agreement suite: every real client this machine's Debian and npm provide, each
// with its own TLS settings, against every fault of the MariaDB lab. The client's own outcome
// (connect, SELECT 1) must match `diagnose` on the same connection as its users write it: connected
// <=> no error finding; failed <=> an error finding naming a defect the case really has (cases.ts
// decides those from the lab's design, never from the tool). Known disagreements (known.ts) are
// listed with their reason in the README table; any other disagreement fails.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/temp-dir';
import { labOrSkip } from '../lab/manifest';
import { runAgreement, type CaseResult, type ClientReport } from './agree';
import { agreementTable, TABLE_END, TABLE_START, withTable } from './table';

const README = join(__dirname, '..', '..', 'README.md');

test('real clients and diagnose agree on every lab fault and client setting', { timeout: 15 * 60_000 }, async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const only = process.env.TLS_DOCTOR_AGREEMENT_CLIENTS?.split(',');
  const reports = await runAgreement(lab, tempDir(t, 'agreement-'), only);
  for (const r of reports) await t.test(`${r.client.name}: the client's outcome and diagnose agree`, (st) => judgeClient(st, r));
  await t.test('the README table is the one these results make', (st) => checkReadme(st, reports, !!only));
});

function judgeClient(t: { skip(msg: string): void }, r: ClientReport): void {
  if (r.notRun) {
    // Like the lab: CI must run every client; elsewhere the cases say they were not run, and why.
    if (process.env.CI) assert.fail(`${r.client.name} not run in CI: ${r.notRun}`);
    t.skip(`not run: ${r.notRun}`);
    return;
  }
  const unexplained = r.results.filter((x) => x.verdict !== 'agree' && !x.known);
  assert.equal(unexplained.length, 0, `${unexplained.length} of ${r.results.length} cases disagree:\n${unexplained.slice(0, 25).map(describe).join('\n')}`);
  const allClear = r.results.filter((x) => x.verdict === 'false-all-clear' && !x.known);
  assert.equal(allClear.length, 0);
}

function describe(x: CaseResult): string {
  return `  ${x.verdict} ${x.case.id}: ${x.why}\n    written: ${x.written.replace(/\n/g, ' | ').replace(/:[^:@/]*@/, ':***@').replace(/password=[^|]*/, 'password=***')}`;
}

function checkReadme(t: { skip(msg: string): void }, reports: ClientReport[], partial: boolean): void {
  if (partial || reports.some((r) => r.notRun)) {
    t.skip('not every client ran: the README table is checked only against a full run');
    return;
  }
  const table = agreementTable(reports);
  const readme = readFileSync(README, 'utf8');
  const next = withTable(readme, table);
  assert.ok(next !== undefined, 'README.md has the agreement-table markers');
  if (process.env.TLS_DOCTOR_AGREEMENT_WRITE) {
    writeFileSync(README, next);
    return;
  }
  const current = readme.slice(readme.indexOf(TABLE_START), readme.indexOf(TABLE_END) + TABLE_END.length);
  assert.equal(current, table, 'README agreement table differs from this run (TLS_DOCTOR_AGREEMENT_WRITE=1 rewrites it)');
}
