import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, connectionIn, hoverText, labOrSkip, openDoc, wsFile } from './helpers';


async function hoverAtConnection(rel: string): Promise<string> {
  const doc = await openDoc(rel);
  const at = doc.positionAt(doc.getText().indexOf('mysql://') + 10);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
  return hoverText(hovers);
}

suite('hover', () => {
  test('hover over a connection shows what was read, with the password masked', async function () {
    const lab = labOrSkip(this);
    await api();
    const text = await hoverAtConnection('lab/healthy.env');
    assert.match(text, /MySQL TLS Doctor/);
    assert.match(text, /VERIFY_IDENTITY/);
    assert.match(text, /password: `\*\*\*\*`/);
    assert.ok(!text.includes(lab.password), 'the canary password is not in the hover');
    assert.match(text, /command:tlsDoctor\.diagnose/);
  });

  test('after diagnosis the hover shows the result, the certificate and a link to it', async function () {
    const lab = labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/expired.env');
    await vscode.commands.executeCommand('tlsDoctor.diagnose', conn);
    const text = await hoverAtConnection('lab/expired.env');
    assert.match(text, /Last diagnosis: failing/);
    assert.match(text, /cert-expired/);
    assert.match(text, /\*\*Certificate\*\*/);
    assert.match(text, /command:tlsDoctor\.showCertificate/);
    assert.ok(!text.includes(lab.password));
  });

  test('client allows only TLS 1.3, server only TLS 1.2: the hover\'s fix link rewrites tls-version and re-diagnoses', async function () {
    labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/tls12.env');
    await vscode.commands.executeCommand('tlsDoctor.diagnose', conn);
    const text = await hoverAtConnection('lab/tls12.env');
    const link = /\(command:tlsDoctor\.applyFix\?([^)\s]+)\)/.exec(text);
    assert.ok(link, `a fix link in the hover: ${text}`);
    const args = JSON.parse(decodeURIComponent(link[1])) as unknown[];
    assert.equal(args[1], 'tls-version-mismatch');
    await vscode.commands.executeCommand('tlsDoctor.applyFix', ...args);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(wsFile('lab/tls12.env')));
    assert.match(doc.getText(), /tls-version=[^&\n]*TLSv1\.2/);
    const after = a.ctx.results.get((await connectionIn(a, 'lab/tls12.env')))?.findings.map((f) => f.code) ?? [];
    assert.ok(after.length > 0 && !after.includes('tls-version-mismatch'), `after the fix: ${after.join(', ')}`);
    await doc.save();
  });

  test('a fake password written in the example .env shows only as a mask', async function () {
    await api();
    const doc = await openDoc('examples/.env');
    const at = doc.positionAt(doc.getText().indexOf('mysql://') + 10);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at));
    assert.match(text, /user: `app`/);
    assert.match(text, /password: `\*\*\*\*`/);
    assert.ok(!text.includes('example-password'), 'the written password is not shown');
  });

  test('no hover outside any connection', async () => {
    await api();
    const doc = await openDoc('offline.env');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 2));
    assert.ok(!hoverText(hovers).includes('MySQL TLS Doctor'), 'the comment line has no connection hover');
  });
});
