import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import { api, codeOf, connectionIn, logFiles, ourDiagnostics, waitFor, wsFile } from './helpers';

// Runs in a host session whose folder is NOT trusted. While a test suite runs, the workbench refuses
// modal dialogs, which must count as "no". Answering the dialog (Cancel / Connect once) is checked
// through the UI by trustUi.mjs.
suite('trust (untrusted workspace)', () => {
  test('untrusted workspace: connections are still read and shown in the tree', async () => {
    const a = await api();
    assert.equal(vscode.workspace.isTrusted, false, 'this session opened the folder untrusted');
    const files = a.tree.getChildren().filter((n) => n.kind === 'file');
    assert.ok(files.length > 0, 'file groups in the tree');
  });

  test('untrusted workspace: without a yes (the dialog could not be shown) nothing connects', async () => {
    const a = await api();
    const conn = await connectionIn(a, 'offline.env');
    const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn);
    assert.equal(report, undefined, 'no diagnosis ran');
    assert.equal(a.ctx.results.status(conn), 'unknown');
    const log = await waitFor('the refusal in the log', () => logFiles(a).map((f) => fs.readFileSync(f, 'utf8')).find((t) => t.includes('not confirmed')));
    assert.match(log, /Not connecting to app@127\.0\.0\.1:1/);
  });

  test('untrusted workspace: diagnose all asks once and connects nowhere when declined', async () => {
    const a = await api();
    const reports = await vscode.commands.executeCommand<unknown[]>('tlsDoctor.diagnoseAll');
    assert.deepEqual(reports, []);
    for (const conn of a.ctx.index.all()) assert.equal(a.ctx.results.status(conn), 'unknown', conn.label);
  });

  test('untrusted workspace: offline findings are published all the same (they never connect)', async () => {
    await api();
    const uri = vscode.Uri.file(wsFile('offline/faults.env'));
    const codes = await waitFor('offline findings in an untrusted workspace', () => {
      const c = ourDiagnostics(uri).map((d) => codeOf(d) ?? '');
      return c.includes('tls-not-used') && c.includes('file-missing') ? c : undefined;
    });
    assert.ok(codes.length >= 2);
  });
});
