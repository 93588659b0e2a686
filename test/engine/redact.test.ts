// The one masking path (src/engine/redact.ts): what it masks, in which forms, and what it leaves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConnectionString } from '../../src/engine/dialects';
import { Secret } from '../../src/engine/model/secret';
import { Redactor } from '../../src/engine/redact';
import { renderMarkdown } from '../../src/engine/report/markdown';

const PW = 'p@ss "wo*rd"/é';

test('a known password is masked as written, percent-encoded, JSON-escaped (once and twice), Markdown-escaped and in base64', () => {
  const r = new Redactor([new Secret(PW)]);
  const forms = [PW, encodeURIComponent(PW), JSON.stringify(PW), JSON.stringify(JSON.stringify(PW)), 'p@ss "wo\\*rd"/é', Buffer.from(PW).toString('base64')];
  for (const form of forms) assert.equal(r.text(`before ${form} after`).includes('wo'), false, form);
  assert.match(r.text(`before ${PW} after`), /^before \*\*\*\* after$/);
});

test('the passwords of connections the readers returned are masked wherever output repeats them', () => {
  const { connection } = parseConnectionString(`mysql://app:${encodeURIComponent(PW)}@db.example.com/shop`);
  assert.ok(connection?.password);
  const r = new Redactor().addConnections([connection]);
  const report = { version: 1, target: { host: 'db.example.com', port: 3306, user: PW, dialect: 'uri', driver: 'mysql2', sslMode: 'REQUIRED' }, server: { reachable: false }, findings: [], durationMs: 1 } as const;
  assert.doesNotMatch(r.json(report), /wo/);
  assert.doesNotMatch(r.text(renderMarkdown(report as never)), /wo/);
});

test('a pasted error: the password of a Go DSN in it and of a password= key are masked everywhere in the output', () => {
  const pasted = `dsn "app:pa ss1234@tcp(db:3306)/x" failed; password=hunter22&x ERROR 2026`;
  const r = new Redactor().addPasted(pasted);
  assert.equal(r.text('user pa ss1234 and hunter22&x'), 'user **** and ****');
});

test('short values, YES/NO and the mask itself are not treated as passwords (they would blank ordinary words)', () => {
  const r = new Redactor(['ab', 'abc', 'YES', '****', undefined]).addPasted('(using password: YES)');
  assert.equal(r.text('abc ab YES **** (using password: YES)'), 'abc ab YES **** (using password: YES)');
});
