// Connections written in code and framework config, in the real VS Code host: a mysql2 pool in
// JavaScript, a Rails database.yml entry and a PHP PDO connection are read (the JavaScript grammar loads on first use),
// hovered, diagnosed against a TLS server that nothing verifies, and fixed in their own syntax.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { createCa, createServerCert } from '../../../src/engine/certs/generate';
import { startFakeServer } from '../../../src/engine/demo/fakeServer';
import type { Connection } from '../../../src/engine/model/connection';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import { api, codeOf, hoverText, openDoc, ourDiagnostics, waitFor, wsFile } from './helpers';

async function readConnection(rel: string): Promise<Connection> {
  const a = await api();
  return waitFor(`a connection read from ${rel}`, async () => (await a.ctx.index.resolve({ file: wsFile(rel), index: 0 })) ?? undefined, 15000);
}

async function fixIn(rel: string, anchor: string, expect: RegExp): Promise<string> {
  const conn = await readConnection(rel);
  const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn);
  assert.ok(report?.findings.some((f) => f.code === 'verification-disabled'), `verification-disabled for ${rel}: ${report?.findings.map((f) => f.code).join(', ')}`);
  const doc = await openDoc(rel);
  const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(doc.getText().indexOf(anchor) + 2)));
  assert.match(hover, /MySQL TLS Doctor/);
  assert.match(hover, /127\.0\.0\.1/);
  const diag = await waitFor('the verification-disabled diagnostic', () => ourDiagnostics(doc.uri).find((d) => codeOf(d) === 'verification-disabled'));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
  // Without a CA the secure fix is to verify against one (VERIFY_CA is what the engine offers here).
  const verify = actions.find((a) => a.edit && /VERIFY_(CA|IDENTITY)/.test(a.title));
  assert.ok(verify?.edit, `a verifying quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(verify.edit));
  const text = doc.getText();
  assert.match(text, expect);
  await doc.save();
  return text;
}

suite('connections in code and framework config', () => {
  test('a mysql2 pool in JavaScript and a Rails entry: read, hovered, diagnosed, fixed in their own syntax', async () => {
    const ca = createCa({ cn: 'Code Sources Private CA' });
    const leaf = createServerCert(ca, { cn: 'localhost', hosts: ['localhost', '127.0.0.1'] });
    const server = await startFakeServer({ greetingTls: true, tls: { key: leaf.keyPem, cert: leaf.certPem } });
    try {
      fs.mkdirSync(wsFile('code'), { recursive: true });
      const js = `const mysql = require('mysql2');\nconst pool = mysql.createPool({\n  host: '127.0.0.1',\n  port: ${server.port},\n  ssl: { rejectUnauthorized: false },\n});\n`;
      fs.writeFileSync(wsFile('code/db.js'), js);
      const fixedJs = await fixIn('code/db.js', 'createPool', /ssl: \{ rejectUnauthorized: true(, verifyIdentity: true)? \}/);
      assert.equal(fixedJs.replace(/ssl: \{[^}]*\}/, ''), js.replace(/ssl: \{[^}]*\}/, ''), 'only the ssl object changed');
      const yml = `production:\n  adapter: mysql2\n  host: 127.0.0.1\n  port: ${server.port}\n  ssl_mode: required\n`;
      fs.writeFileSync(wsFile('code/database.yml'), yml);
      const fixedYml = await fixIn('code/database.yml', 'adapter', /ssl_mode: verify_(identity|ca)\n/);
      assert.equal(fixedYml.replace(/ssl_mode: \w+/, ''), yml.replace(/ssl_mode: \w+/, ''), 'only the ssl_mode value changed');
    } finally {
      await server.close();
    }
  });

  test('a PHP PDO connection: its reader loads beside the bundle, and the verify attribute is fixed in place', async () => {
    const ca = createCa({ cn: 'Code Sources PHP CA' });
    const leaf = createServerCert(ca, { cn: 'localhost', hosts: ['localhost', '127.0.0.1'] });
    const server = await startFakeServer({ greetingTls: true, tls: { key: leaf.keyPem, cert: leaf.certPem } });
    try {
      fs.mkdirSync(wsFile('code'), { recursive: true });
      fs.writeFileSync(wsFile('code/ca.pem'), ca.certPem);
      const php = `<?php\n$pdo = new PDO('mysql:host=127.0.0.1;port=${server.port};dbname=shop', null, null, [\n    PDO::MYSQL_ATTR_SSL_CA => __DIR__ . '/ca.pem',\n    PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false,\n]);\n`;
      fs.writeFileSync(wsFile('code/db.php'), php);
      const fixed = await fixIn('code/db.php', 'new PDO', /VERIFY_SERVER_CERT => true/);
      assert.equal(fixed, php.replace('VERIFY_SERVER_CERT => false', 'VERIFY_SERVER_CERT => true'), 'only the attribute value changed');
    } finally {
      await server.close();
    }
  });
});
