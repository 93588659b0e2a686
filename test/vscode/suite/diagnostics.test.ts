import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, connectionIn, labOrSkip, ourDiagnostics, waitFor, wsFile } from './helpers';

suite('diagnostics', () => {
  test('expired server certificate with VERIFY_CA is an error on the connection string, code cert-expired', async function () {
    labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/expired.env');
    await vscode.commands.executeCommand('tlsDoctor.diagnose', conn.id);
    const uri = vscode.Uri.file(wsFile('lab/expired.env'));
    const diags = await waitFor('diagnostics on expired.env', () => {
      const d = ourDiagnostics(uri);
      return d.length ? d : undefined;
    });
    const expired = diags.find((d) => codeOf(d) === 'cert-expired');
    assert.ok(expired, `codes: ${diags.map(codeOf).join(', ')}`);
    assert.equal(expired.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(expired.source, 'MySQL TLS');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(expired.range), /^mysql:\/\/|ssl-|DATABASE_URL/, `underlined: ${doc.getText(expired.range)}`);
    assert.ok(typeof expired.code === 'object' && expired.code.target.scheme === 'command', 'the code links to its explanation');
    assert.equal(expired.code.target.path, 'tlsDoctor.showFinding');
  });

  test('CA that does not issue the server chain points at the CA setting and relates the CA file', async function () {
    const lab = labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/other-ca.env');
    await vscode.commands.executeCommand('tlsDoctor.diagnose', conn.id);
    const uri = vscode.Uri.file(wsFile('lab/other-ca.env'));
    const diags = ourDiagnostics(uri);
    const untrusted = diags.find((d) => codeOf(d) === 'ca-untrusted');
    assert.ok(untrusted, `codes: ${diags.map(codeOf).join(', ')}`);
    const doc = await vscode.workspace.openTextDocument(uri);
    const underlined = doc.getText(untrusted.range);
    if (conn.params.ca) assert.ok(underlined.includes(lab.files.ca), `the ca parameter is underlined, got: ${underlined}`);
    const related = untrusted.relatedInformation?.map((r) => r.location.uri.fsPath) ?? [];
    assert.ok(related.includes(lab.files.ca), `related: ${related.join(', ')}`);
  });

  test('a healthy server gives no problem diagnostics (tls-ok is not a problem)', async function () {
    labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/healthy.env');
    const report = await vscode.commands.executeCommand<{ findings: { code: string }[] }>('tlsDoctor.diagnose', conn.id);
    assert.ok(report?.findings.some((f) => f.code === 'tls-ok'), `findings: ${report?.findings.map((f) => f.code).join(', ')}`);
    const errors = ourDiagnostics(vscode.Uri.file(wsFile('lab/healthy.env'))).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map(codeOf), []);
  });
});
