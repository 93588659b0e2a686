import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import { containsCanary } from '../../helpers/canary';
import { api, connectionIn, connectionRow, hoverText, labelOf, labOrSkip, waitFor, wsFile } from './helpers';

suite('renewal', () => {
  test('certificate renewed under another CA (same host, now the other-ca server): the change shows in the tree and the hover', async function () {
    const lab = labOrSkip(this);
    const a = await api();
    const rel = 'lab/renewal.env';
    const first = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', await connectionIn(a, rel));
    assert.ok(first?.server.chain?.length, 'the healthy server presented a chain');
    assert.equal(first.server.chainChange, undefined, 'no change on the first diagnosis');

    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(wsFile(rel)));
    const portText = `:${lab.servers.healthy.port}/`;
    const at = doc.getText().indexOf(portText);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + portText.length)), `:${lab.servers['other-ca'].port}/`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const moved = await waitFor('the edited port to be read', async () => {
      const c = await connectionIn(a, rel);
      return c.port === lab.servers['other-ca'].port ? c : undefined;
    });

    const second = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', moved);
    const change = second?.server.chainChange;
    assert.ok(change, `a chain change is reported; findings: ${second?.findings.map((f) => f.code).join(', ')}`);
    assert.ok(change.issuerChanged);
    assert.equal(change.currentIssuer, second!.server.chain![0].issuer);

    const node = connectionRow(a, moved);
    assert.ok(node, 'the connection is in the tree');
    const labels = a.tree.getChildren(node).map((n) => labelOf(a.tree.getTreeItem(n)));
    assert.equal(labels[0], `Certificate changed since last diagnosis: now issued by ${change.currentIssuer}`, `children: ${labels.join(' | ')}`);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(20));
    assert.match(hoverText(hovers), /Certificate changed since last diagnosis/);
    const stored = JSON.stringify(a.ctx.extension.workspaceState.get('tlsDoctor.lastChains'));
    assert.ok(stored.includes(second!.server.chain![0].sha256), 'the new chain is remembered');
    assert.ok(!containsCanary(stored, lab.password), 'no password in workspaceState');
    await doc.save();
  });
});
