import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import { api, codeOf, connectionIn, labOrSkip, ourDiagnostics, settle, sleep, waitFor, wsFile } from './helpers';

suite('diagnostics', () => {
  test('expired server certificate with VERIFY_CA is an error on the connection string, code cert-expired', async function () {
    labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/expired.env');
    await vscode.commands.executeCommand('tlsDoctor.diagnose', conn);
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
    await vscode.commands.executeCommand('tlsDoctor.diagnose', conn);
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
    const report = await vscode.commands.executeCommand<{ findings: { code: string }[] }>('tlsDoctor.diagnose', conn);
    assert.ok(report?.findings.some((f) => f.code === 'tls-ok'), `findings: ${report?.findings.map((f) => f.code).join(', ')}`);
    const errors = ourDiagnostics(vscode.Uri.file(wsFile('lab/healthy.env'))).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map(codeOf), []);
  });

  test('one diagnosis republishes only its own file and refreshes only its own row, twice (running, done)', async () => {
    const a = await api();
    await waitFor('both files in the index', () => a.ctx.index.entry(wsFile('updates/one.env')) && a.ctx.index.entry(wsFile('updates/other.env')));
    await settle(a);
    // Hand the rows out as an open view would have them.
    const fileNode = a.tree.getChildren().find((n) => n.kind === 'file' && n.entry.uri.fsPath === wsFile('updates/one.env'));
    assert.ok(fileNode, 'updates/one.env is in the tree');
    const row = a.tree.getChildren(fileNode).find((n) => n.kind === 'connection');
    assert.ok(row && row.kind === 'connection');
    const ours = new Set(a.ctx.index.entries().map((e) => e.uri.fsPath));
    assert.ok(ours.size > 2, 'other files hold connections too');
    const published = new Set<string>();
    const refreshed: unknown[] = [];
    const subs = [
      vscode.languages.onDidChangeDiagnostics((e) => e.uris.filter((u) => ours.has(u.fsPath)).forEach((u) => published.add(u.fsPath))),
      a.tree.onDidChangeTreeData((e) => refreshed.push(e)),
    ];
    let report: DiagnosisReport | undefined;
    try {
      report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', row.conn);
      await sleep(300); // diagnostics events are delivered debounced
    } finally {
      for (const d of subs) d.dispose();
    }
    assert.ok(report?.findings.some((f) => f.code === 'unreachable'), `findings: ${report?.findings.map((f) => f.code).join(', ')}`);
    assert.deepEqual([...published], [wsFile('updates/one.env')], 'only the diagnosed file was republished');
    assert.equal(refreshed.length, 2, 'one refresh when it starts, one when its report is stored');
    for (const e of refreshed) assert.ok(Array.isArray(e) && e.length === 1 && e[0] === row, 'only the row of this connection');
    assert.deepEqual(ourDiagnostics(vscode.Uri.file(wsFile('updates/one.env'))).map(codeOf), ['unreachable']);
    assert.equal(a.tree.getTreeItem(row).description, 'unreachable · VERIFY_IDENTITY');
  });
});
