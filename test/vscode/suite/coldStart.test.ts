import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import type { TlsDoctorApi } from '../../../src/extension/main';
import { EXTENSION_ID } from './helpers';

// Its own host session (run.mjs, TLS_DOCTOR_SUITE=cold) on a folder that does not activate the
// extension at startup: the test activates it and runs a command at once, as a user who opens a
// project and clicks "Diagnose All" straight away.
suite('cold start', () => {
  test('Diagnose All in the first seconds after opening waits for the first workspace read and diagnoses every connection', async () => {
    const ext = vscode.extensions.getExtension<TlsDoctorApi>(EXTENSION_ID);
    assert.ok(ext && !ext.isActive, 'nothing activated the extension before this test');
    const a = await ext.activate();
    // The moment the user clicks: the read has begun, nothing is known yet, and the tree says so.
    const readingThen = a.ctx.index.reading;
    const knownThen = a.ctx.index.all().length;
    const firstRow = a.tree.getChildren()[0];
    const firstLabel = firstRow && a.tree.getTreeItem(firstRow).label;
    const reports = await vscode.commands.executeCommand<Array<DiagnosisReport | undefined>>('tlsDoctor.diagnoseAll');
    assert.ok(readingThen, 'the workspace was still being read when the command ran');
    assert.equal(knownThen, 0, 'no connection was known yet');
    assert.equal(firstLabel, 'Reading the workspace…', 'the tree shows that it is reading');
    const all = a.ctx.index.all();
    assert.equal(all.length, 3, `the connections of the three files: ${all.map((c) => c.label).join(', ')}`);
    assert.equal(reports.length, 3, 'every connection was diagnosed, not "no connection to diagnose"');
    for (const conn of all) assert.equal(a.ctx.results.status(conn), 'failing', `${conn.label} was diagnosed (nothing listens on port 1)`);
    assert.ok(reports.every((r) => r?.findings.some((f) => f.code === 'unreachable')));
  });
});
