import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, ourDiagnostics, waitFor, wsFile } from './helpers';

/** The offline findings (no server needed) of a file, once published. */
async function offlineCodes(rel: string, want: (codes: string[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  const uri = vscode.Uri.file(wsFile(rel));
  return waitFor(what, () => {
    const d = ourDiagnostics(uri);
    return want(d.map((x) => codeOf(x) ?? '')) ? d : undefined;
  });
}

suite('offline findings (trusted workspace)', () => {
  test('before any command runs: TLS turned off and a missing CA file are underlined where they are written', async () => {
    await api();
    const diags = await offlineCodes('offline/faults.env', (c) => c.includes('tls-not-used') && c.includes('file-missing'), 'tls-not-used and file-missing');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(wsFile('offline/faults.env')));
    const plain = diags.find((d) => codeOf(d) === 'tls-not-used')!;
    assert.equal(plain.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(plain.range), 'ssl-mode=DISABLED');
    const missing = diags.find((d) => codeOf(d) === 'file-missing')!;
    assert.equal(missing.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(missing.range), 'ssl-ca=certs/missing-ca.pem');
    assert.ok(typeof missing.code === 'object' && missing.code.target.path === 'tlsDoctor.showFinding', 'the code links to its explanation');
  });

  test('clicking the code of an offline finding (no diagnosis yet) opens its explanation, found by the connection\'s one identity', async () => {
    const a = await api();
    const diags = await offlineCodes('offline/faults.env', (c) => c.includes('file-missing'), 'file-missing');
    const missing = diags.find((d) => codeOf(d) === 'file-missing')!;
    assert.ok(typeof missing.code === 'object');
    const [ref, code] = JSON.parse(decodeURIComponent(missing.code.target.query)) as [{ file: string; index: number }, string];
    assert.deepEqual(ref, { file: wsFile('offline/faults.env'), index: 1 }, 'the link names the connection by file and position');
    assert.equal(a.ctx.results.get((await a.ctx.index.resolve(ref))!), undefined, 'not diagnosed: the explanation comes from the offline findings');
    await vscode.commands.executeCommand(missing.code.target.path, ref, code);
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'tls-doctor', 'a read-only document');
    assert.match(text, /^# .*missing-ca\.pem/, text.slice(0, 120));
  });

  test('a template (.env.example) gets no file check for a path of the machine it will be copied to', async () => {
    const a = await api();
    await a.ready;
    assert.deepEqual(ourDiagnostics(vscode.Uri.file(wsFile('offline/.env.example'))).map(codeOf), []);
  });

  test('an edit is followed: turning TLS on removes tls-not-used without saving', async () => {
    await api();
    const uri = vscode.Uri.file(wsFile('offline/faults.env'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const at = doc.getText().indexOf('ssl-mode=DISABLED');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'ssl-mode=DISABLED'.length)), 'ssl-mode=VERIFY_IDENTITY');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await offlineCodes('offline/faults.env', (c) => !c.includes('tls-not-used') && c.includes('file-missing'), 'tls-not-used gone after the edit');
    } finally {
      const undo = new vscode.WorkspaceEdit();
      const now = doc.getText().indexOf('ssl-mode=VERIFY_IDENTITY');
      undo.replace(uri, new vscode.Range(doc.positionAt(now), doc.positionAt(now + 'ssl-mode=VERIFY_IDENTITY'.length)), 'ssl-mode=DISABLED');
      await vscode.workspace.applyEdit(undo);
      await doc.save();
    }
  });

  test('tlsDoctor.rules turns a code off and changes a severity', async () => {
    await api();
    const config = vscode.workspace.getConfiguration('tlsDoctor');
    await config.update('rules', { 'tls-not-used': 'off', 'file-missing': 'warning' }, vscode.ConfigurationTarget.Workspace);
    try {
      const diags = await offlineCodes('offline/faults.env', (c) => !c.includes('tls-not-used') && c.includes('file-missing'), 'the rules applied');
      assert.equal(diags.find((d) => codeOf(d) === 'file-missing')!.severity, vscode.DiagnosticSeverity.Warning);
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
