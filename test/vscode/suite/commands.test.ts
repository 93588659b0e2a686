import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { startFakeServer } from '../../../src/engine/demo/fakeServer';
import { alertOnHello } from '../../../src/engine/demo/hostile';
import { explainError } from '../../../src/engine/explain';
import { finding } from '../../../src/engine/model/finding';
import { findingMarkdown } from '../../../src/engine/report/present';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import { api, connectionIn, connectionRow, labOrSkip, openDoc, wsFile } from './helpers';

const CONTRACT_COMMANDS = ['tlsDoctor.diagnose', 'tlsDoctor.diagnoseAll', 'tlsDoctor.diagnoseAtCursor', 'tlsDoctor.explainError', 'tlsDoctor.showCertificate', 'tlsDoctor.refresh'];

function activeText(): string {
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'a document is shown');
  return editor.document.getText();
}

suite('commands', () => {
  test('every command named in docs/CONTRACT.md is registered', async () => {
    await api();
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of CONTRACT_COMMANDS) assert.ok(all.has(id), `${id} is registered`);
  });

  test('explain an error message: a readable document names the likely causes', async () => {
    await api();
    const message = 'ERROR 2026 (HY000): TLS/SSL error: certificate has expired';
    const expected = explainError(message).findings;
    assert.ok(expected.length > 0, 'the engine recognises this message');
    await vscode.commands.executeCommand('tlsDoctor.explainError', message);
    const text = activeText();
    assert.ok(text.startsWith('# What this error means'), text.slice(0, 80));
    assert.ok(text.includes(message));
    for (const f of expected) assert.ok(text.includes(`\`${f.code}\``), `${f.code} is named`);
  });

  test('diagnose the connection under the cursor', async function () {
    labOrSkip(this);
    await api();
    const editor = await vscode.window.showTextDocument(await openDoc('lab/healthy.env'));
    editor.selection = new vscode.Selection(0, 20, 0, 20);
    const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnoseAtCursor');
    assert.ok(report, 'a report');
    assert.ok(report.findings.some((f) => f.code === 'tls-ok'), `findings: ${report.findings.map((f) => f.code).join(', ')}`);
  });

  test('show the certificate of a healthy server: subject, issuer, SANs, fingerprint', async function () {
    labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/healthy.env');
    await vscode.commands.executeCommand('tlsDoctor.showCertificate', conn);
    const text = activeText();
    assert.match(text, /^Certificate chain presented by /);
    assert.match(text, /Subject: +\S/);
    assert.match(text, /Issuer: +\S/);
    assert.match(text, /SANs: .*DNS:localhost/);
    assert.match(text, /SHA-256: +([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  });

  test('diagnose all: every connection gets a status, unreachable ones failing', async function () {
    labOrSkip(this);
    const a = await api();
    const reports = await vscode.commands.executeCommand<Array<DiagnosisReport | undefined>>('tlsDoctor.diagnoseAll');
    const all = a.ctx.index.all();
    assert.equal(reports.length, all.length);
    for (const conn of all) assert.notEqual(a.ctx.results.status(conn), 'unknown', `${conn.label} has a status`);
    const offline = await connectionIn(a, 'offline.env');
    assert.equal(a.ctx.results.status(offline), 'failing');
    assert.ok(a.ctx.results.get(offline)?.findings.some((f) => f.code === 'unreachable'));
  });

  test('clicking a connection in the tree opens its file with the cursor at its start, nothing selected', async () => {
    const a = await api();
    const conn = await connectionIn(a, 'offline.env');
    const row = connectionRow(a, conn);
    assert.ok(row, 'the connection has a row');
    const click = a.tree.getTreeItem(row).command;
    assert.ok(click, 'the row has a click command');
    await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.fsPath === conn.file, 'the file is open');
    assert.ok(editor.selection.isEmpty, `nothing is selected: ${editor.document.getText(editor.selection)}`);
    assert.equal(editor.document.offsetAt(editor.selection.active), conn.span.start, 'the cursor is where the connection starts');
  });

  test('a finding\'s explanation (the diagnostic code link) opens as a document', async function () {
    labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/expired.env');
    const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn);
    const f = report?.findings.find((x) => x.code === 'cert-expired');
    assert.ok(f, 'cert-expired found');
    await vscode.commands.executeCommand('tlsDoctor.showFinding', conn, 'cert-expired');
    const text = activeText();
    assert.ok(text.startsWith(`# ${f.title}`), text.slice(0, 80));
    assert.ok(text.includes(f.detail.slice(0, 60)));
  });

  test('a server that announces TLS but fails every handshake: tls-handshake-failed, explained with what to check and run', async () => {
    const server = await startFakeServer({ greetingTls: true, raw: alertOnHello(40) });
    try {
      const a = await api();
      fs.mkdirSync(wsFile('fake'), { recursive: true });
      fs.writeFileSync(wsFile('fake/broken-tls.env'), `DATABASE_URL=mysql://127.0.0.1:${server.port}/shop?ssl-mode=VERIFY_IDENTITY\n`);
      const conn = await connectionIn(a, 'fake/broken-tls.env');
      const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn);
      assert.ok(report?.findings.some((f) => f.code === 'tls-handshake-failed'), `findings: ${report?.findings.map((f) => f.code).join(', ')}`);
      await vscode.commands.executeCommand('tlsDoctor.showFinding', conn, 'tls-handshake-failed');
      const text = activeText();
      assert.match(text, /## What to check\n\n.*error log/);
      assert.ok(text.includes(`openssl s_client -starttls mysql -connect 127.0.0.1:${server.port}`), 'the command names this server');
      assert.match(text, /## How to fix/);
    } finally {
      await server.close();
    }
  });

  test('a refused login is explained as a login problem: password, REQUIRE clause, allowed hosts', () => {
    const f = finding('login-refused', 'The server refused the login: Access denied', 'The account check tried this user and password and the server refused the login.');
    const md = findingMarkdown('app@db.example.com:3306', f, 'db.example.com:3306');
    assert.match(md, /## What to check\n\n.*password.*`SHOW CREATE USER/);
  });

  test('refresh reads the workspace again', async () => {
    const a = await api();
    let fired = false;
    const sub = a.ctx.index.onDidChange(() => (fired = true));
    await vscode.commands.executeCommand('tlsDoctor.refresh');
    sub.dispose();
    assert.ok(fired, 'the index announced a change');
    assert.ok(a.ctx.index.all().length > 0);
  });
});
