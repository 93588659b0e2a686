import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('tree', () => {
  test('the extension host runs the suite with the fixture workspace open', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    assert.equal(folder.uri.fsPath, process.env.TLS_DOCTOR_TEST_WORKSPACE);
  });
});
