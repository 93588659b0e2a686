import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TlsDoctorApi } from '../../../src/extension/main';
import type { Node } from '../../../src/extension/tree/nodes';
import { api, connectionIn, labelOf, labOrSkip, logText, openDoc, skip, waitFor, wsFile } from './helpers';

function roots(a: TlsDoctorApi): Node[] {
  return a.tree.getChildren();
}

function fileNode(a: TlsDoctorApi, rel: string): Node | undefined {
  return roots(a).find((n) => n.kind === 'file' && n.entry.uri.fsPath === wsFile(rel));
}

function iconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

suite('tree', () => {
  test('the extension host runs the suite with the fixture workspace open', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    assert.equal(folder.uri.fsPath, process.env.TLS_DOCTOR_TEST_WORKSPACE);
  });

  test('the workspace is searched as `scan` searches it, with the ripgrep VS Code ships', async () => {
    const a = await api();
    const folder = vscode.workspace.workspaceFolders![0];
    const said = await waitFor('the search line in the log', () => new RegExp(`${folder.name}: \\d+ file\\(s\\) searched( by ripgrep)?`).exec(logText(a))?.[0]);
    assert.match(said, / by ripgrep$/, `the ripgrep under ${vscode.env.appRoot} was not used: ${said}`);
  });

  test('a .env connection shows under its file: where it connects first, then its status, the rest after (readable at the default sidebar width)', async () => {
    const a = await api();
    const file = fileNode(a, 'offline.env');
    assert.ok(file, `offline.env is a group; roots: ${roots(a).map((n) => n.kind).join(', ')}`);
    const [conn] = a.tree.getChildren(file);
    assert.equal(conn.kind, 'connection');
    const item = a.tree.getTreeItem(conn);
    assert.equal(labelOf(item), '127.0.0.1:1');
    assert.equal(iconId(item), 'circle-large-outline');
    assert.match(String(item.description), /^not yet diagnosed · app · /);
    assert.match(String((item.tooltip as vscode.MarkdownString).value), /app@127\.0\.0\.1:1/, 'the full label is in the tooltip');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.None);
  });

  test('the example workspace: every dialect shows up under its file', async function () {
    const a = await api();
    if (!fs.existsSync(wsFile('examples'))) skip(this, 'examples/workspace is not in this checkout');
    const expected: Record<string, number> = {
      'examples/.env': 2,
      'examples/.env.production': 1,
      'examples/my.cnf': 1,
      'examples/src/main/resources/application.properties': 1,
      'examples/cmd/api/main.go': 1,
      'examples/prisma/.env': 1,
      'examples/config.json': 1,
    };
    const found: Record<string, number> = {};
    for (const rel of Object.keys(expected)) {
      const node = fileNode(a, rel);
      found[rel] = node ? a.tree.getChildren(node).filter((n) => n.kind === 'connection').length : 0;
    }
    assert.deepEqual(found, expected);
  });

  test('connections from the setting tlsDoctor.connections get their own group', async () => {
    const a = await api();
    const settings = roots(a).find((n) => n.kind === 'settings');
    assert.ok(settings, 'a settings group exists');
    const labels = a.tree.getChildren(settings).map((n) => labelOf(a.tree.getTreeItem(n)));
    assert.ok(labels.some((l) => l.includes('127.0.0.1:1')), `settings children: ${labels.join(' | ')}`);
  });

  test('a new .env file appears in the tree, and goes when deleted', async () => {
    const a = await api();
    const rel = 'created-later.env';
    fs.writeFileSync(wsFile(rel), 'DATABASE_URL=mysql://late@127.0.0.1:2/db?ssl-mode=REQUIRED\n');
    await waitFor('the created file in the tree', () => fileNode(a, rel));
    fs.unlinkSync(wsFile(rel));
    await waitFor('the deleted file gone from the tree', () => !fileNode(a, rel));
  });

  test('typing in an open document updates its connection in the tree', async () => {
    const a = await api();
    const rel = 'edited.env';
    fs.writeFileSync(wsFile(rel), 'DATABASE_URL=mysql://app@127.0.0.1:3/db\n');
    const doc = await waitFor('edited.env indexed', async () => (fileNode(a, rel) ? openDoc(rel) : undefined));
    const at = doc.getText().indexOf(':3/');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at + 1), doc.positionAt(at + 2)), '4');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the new port in the tree label', () => {
      const node = fileNode(a, rel);
      const conn = node && a.tree.getChildren(node)[0];
      return conn && labelOf(a.tree.getTreeItem(conn)) === '127.0.0.1:4';
    });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('after diagnosis a healthy server shows ok and an expired one failing, with findings and the chain', async function () {
    labOrSkip(this);
    const a = await api();
    await vscode.commands.executeCommand('tlsDoctor.diagnose', await connectionIn(a, 'lab/healthy.env'));
    await vscode.commands.executeCommand('tlsDoctor.diagnose', await connectionIn(a, 'lab/expired.env'));
    const healthy = a.tree.getChildren(fileNode(a, 'lab/healthy.env'))[0];
    const expired = a.tree.getChildren(fileNode(a, 'lab/expired.env'))[0];
    assert.equal(iconId(a.tree.getTreeItem(healthy)), 'pass');
    assert.equal(iconId(a.tree.getTreeItem(expired)), 'error');
    assert.match(String(a.tree.getTreeItem(expired).description), /cert-expired/);
    const children = a.tree.getChildren(expired);
    const findings = children.filter((n) => n.kind === 'finding').map((n) => (n.kind === 'finding' ? n.finding.code : ''));
    assert.ok(findings.includes('cert-expired'), `findings: ${findings.join(', ')}`);
    const chain = children.find((n) => n.kind === 'chain');
    assert.ok(chain, 'a certificate chain node');
    const certs = a.tree.getChildren(chain);
    assert.ok(certs.length >= 1);
    const leaf = a.tree.getTreeItem(certs[0]);
    const until = /until (\d{4}-\d{2}-\d{2})/.exec(String(leaf.description))?.[1];
    assert.ok(until && new Date(until) < new Date(), `the expired leaf's end date is past: ${leaf.description}`);
  });
});
