import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, connectionIn, hoverText, openDoc, wsFile } from './helpers';

suite('project driver', () => {
  test('a DATABASE_URL in a Node project using mysql2 is read as mysql2, and the tree and the hover say why', async () => {
    const a = await api();
    const conn = await connectionIn(a, 'node-app/.env');
    assert.equal(conn.driver, 'mysql2');
    assert.equal(conn.driverSource, 'project:node-app/package.json');
    assert.equal(conn.driverVersion, '3.9.7');
    const file = a.tree.getChildren().find((n) => n.kind === 'file' && n.entry.uri.fsPath === wsFile('node-app/.env'));
    assert.ok(file, 'node-app/.env is in the tree');
    const item = a.tree.getTreeItem(a.tree.getChildren(file)[0]);
    assert.match(String(item.description), /^not yet diagnosed · app · mysql2 · /, 'status first, then the user and the driver');
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
    assert.match(tooltip, /mysql2 3\.9\.7 \(the project's node-app\/package\.json names it\)/);
    const doc = await openDoc('node-app/.env');
    const at = doc.positionAt(doc.getText().indexOf('mysql://') + 10);
    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at));
    assert.match(hover, /driver: `mysql2 3\.9\.7 \(the project's node-app\/package\.json names it\)`/);
  });
});
