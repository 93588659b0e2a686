// An exported report (the editor's Export Report): no path of this machine's user or project,
// the time of the diagnosis in the report and in the file name.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { finding } from '../../src/engine/model/finding';
import type { DiagnosisReport } from '../../src/engine/model/report';
import { exportFileName, reportForExport } from '../../src/engine/report/export';
import { renderMarkdown } from '../../src/engine/report/markdown';

const home = '/home/alice';
const project = '/home/alice/work/shop';

function report(): DiagnosisReport {
  return {
    version: 1,
    target: { host: 'db.example.com', port: 3306, dialect: 'uri', driver: 'mysql2', sslMode: 'VERIFY_IDENTITY', source: { file: join(project, 'app/.env'), line: 3 } },
    server: { reachable: true },
    findings: [
      finding('file-missing', `CA file not found: ${join(project, 'certs/ca.pem')}`, `The file ${join(home, 'ca/old.pem')} and ${project} were looked at; /etc/mysql/ca.pem too.`, { file: join(project, 'certs/ca.pem') }),
    ],
    durationMs: 12,
  };
}

test('a report exported for a ticket names project files relative to the project and home files as ~/, with when it was diagnosed', () => {
  const at = new Date('2026-12-02T17:45:01.250Z');
  const out = reportForExport(report(), at, { project, home });
  const json = JSON.stringify(out);
  assert.ok(!json.includes('/home/alice'), json);
  assert.equal(out.target.source?.file, 'app/.env');
  assert.equal(out.findings[0].title, 'CA file not found: certs/ca.pem');
  assert.equal(out.findings[0].detail, 'The file ~/ca/old.pem and . were looked at; /etc/mysql/ca.pem too.');
  assert.deepEqual(out.findings[0].evidence, { file: 'certs/ca.pem' });
  assert.equal(out.diagnosedAt, '2026-12-02T17:45:01.250Z');
  assert.deepEqual(Object.keys(out).slice(0, 2), ['version', 'diagnosedAt']);
  const md = renderMarkdown(out);
  assert.match(md, /\| diagnosed \| 2026-12-02 17:45:01 UTC \|/);
  assert.match(md, /\| written in \| `app\/\.env` line 3 \|/);
  assert.ok(!md.includes('/home/alice'));
});

test('a folder whose name starts like the project\'s is not taken for it', () => {
  const r = report();
  r.findings[0].detail = `${project}-old/ca.pem`;
  assert.equal(reportForExport(r, new Date(0), { project, home }).findings[0].detail, '~/work/shop-old/ca.pem');
});

test('the file name says host, port and when (no characters a file system refuses)', () => {
  const at = new Date('2026-12-02T17:45:01Z');
  assert.equal(exportFileName(report(), at), 'tls-diagnosis-db.example.com-3306-20261202-174501.md');
  const v6 = report();
  v6.target.host = 'fe80::1';
  assert.equal(exportFileName(v6, at, 'json'), 'tls-diagnosis-fe80__1-3306-20261202-174501.json');
});

test('a report without diagnosedAt renders as before (the CLI\'s --report)', () => {
  assert.ok(!renderMarkdown(report()).includes('| diagnosed |'));
});
