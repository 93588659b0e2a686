import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, connectionIn, hoverText, labOrSkip, openDoc } from './helpers';

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
    await vscode.commands.executeCommand('tlsDoctor.diagnose', conn.id);
    const text = await hoverAtConnection('lab/expired.env');
    assert.match(text, /Last diagnosis: failing/);
    assert.match(text, /cert-expired/);
    assert.match(text, /\*\*Certificate\*\*/);
    assert.match(text, /command:tlsDoctor\.showCertificate/);
    assert.ok(!text.includes(lab.password));
  });

  test('no hover outside any connection', async () => {
    await api();
    const doc = await openDoc('offline.env');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 2));
    assert.ok(!hoverText(hovers).includes('MySQL TLS Doctor'), 'the comment line has no connection hover');
  });
});
