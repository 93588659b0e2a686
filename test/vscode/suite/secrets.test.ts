import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import { storageKey } from '../../../src/extension/secrets/passwords';
import { api, connectionIn, hoverText, labOrSkip, logFiles, openDoc, waitFor } from './helpers';

suite('secrets', () => {
  test('a user without a password in the file logs in with the password kept in SecretStorage', async function () {
    const lab = labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/nopassword.env');
    assert.equal(conn.password, undefined, 'the file holds no password');
    await a.ctx.passwords.remember(conn, lab.password);
    assert.equal(await a.ctx.extension.secrets.get(storageKey(conn)), lab.password, 'kept in the real SecretStorage');
    const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn);
    assert.ok(report, 'a report');
    assert.ok(report.server.accountRequire !== undefined || report.server.variables !== undefined, 'it logged in and read the account');
    await vscode.commands.executeCommand('tlsDoctor.forgetPassword', conn);
    assert.equal(await a.ctx.extension.secrets.get(storageKey(conn)), undefined, 'the command removed it');
  });

  test('the lab password never appears in diagnostics, hovers, tree labels, settings or the log', async function () {
    const lab = labOrSkip(this);
    const a = await api();
    await vscode.commands.executeCommand('tlsDoctor.diagnose', await connectionIn(a, 'lab/my.cnf'));
    await vscode.commands.executeCommand('tlsDoctor.diagnose', await connectionIn(a, 'lab/healthy.env'));
    const leaks: string[] = [];
    for (const [uri, diags] of vscode.languages.getDiagnostics()) {
      for (const d of diags) if (JSON.stringify({ m: d.message, r: d.relatedInformation?.map((r) => r.message) }).includes(lab.password)) leaks.push(`diagnostic in ${uri.fsPath}`);
    }
    const walk = (nodes: ReturnType<typeof a.tree.getChildren>, depth: number) => {
      for (const n of nodes) {
        const item = a.tree.getTreeItem(n);
        const text = JSON.stringify([item.label, item.description, typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value]);
        if (text.includes(lab.password)) leaks.push(`tree item ${String(item.label)}`);
        if (depth < 4) walk(a.tree.getChildren(n), depth + 1);
      }
    };
    walk(a.tree.getChildren(), 0);
    for (const rel of ['lab/healthy.env', 'lab/my.cnf']) {
      const doc = await openDoc(rel);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(doc.getText().indexOf('127.0.0.1') + 2));
      if (hoverText(hovers).includes(lab.password)) leaks.push(`hover in ${rel}`);
    }
    if (JSON.stringify(vscode.workspace.getConfiguration('tlsDoctor')).includes(lab.password)) leaks.push('settings');
    const logs = await waitFor('the log channel file', () => {
      const files = logFiles(a);
      return files.length && files.some((f) => fs.readFileSync(f, 'utf8').includes('Diagnosing')) ? files : undefined;
    });
    for (const f of logs) if (fs.readFileSync(f, 'utf8').includes(lab.password)) leaks.push(`log ${f}`);
    assert.deepEqual(leaks, []);
  });
});
