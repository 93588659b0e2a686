import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import { api, connectionIn, labOrSkip, logFiles, waitFor } from './helpers';

// Runs in a host session whose folder is NOT trusted. The runner answers the modal dialog like a
// user: "Connect once" when it names the lab's healthy server, "Cancel" for anything else.
suite('trust (untrusted workspace)', () => {
  test('untrusted workspace: connections are still read and shown in the tree', async () => {
    const a = await api();
    assert.equal(vscode.workspace.isTrusted, false, 'this session opened the folder untrusted');
    const files = a.tree.getChildren().filter((n) => n.kind === 'file');
    assert.ok(files.length > 0, 'file groups in the tree');
  });

  test('untrusted workspace: declining the confirmation connects nowhere', async () => {
    const a = await api();
    const conn = await connectionIn(a, 'offline.env');
    const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn.id);
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

  test('untrusted workspace: an explicit "Connect once" runs that one diagnosis', async function () {
    labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/healthy.env');
    const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn.id);
    assert.ok(report, 'the confirmed run diagnosed');
    assert.ok(report.findings.some((f) => f.code === 'tls-ok'), `findings: ${report.findings.map((f) => f.code).join(', ')}`);
  });
});
