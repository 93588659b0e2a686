import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import { assertNoCanary } from '../../helpers/canary';
import { api, connectionIn, labOrSkip, sleep, workspaceDir, wsFile } from './helpers';

suite('exportReport', () => {
  test('expired server certificate: the exported Markdown and JSON hold the findings and never the password', async function () {
    const lab = labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/export.env');
    assert.ok(conn.password, 'the connection is written with the lab password');
    const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn);
    assert.ok(report && report.findings.some((f) => f.code === 'cert-expired'), `findings: ${report?.findings.map((f) => f.code).join(', ')}`);
    const md = wsFile('reports/expired.md');
    const json = wsFile('reports/expired.json');
    fs.mkdirSync(wsFile('reports'), { recursive: true });
    assert.equal(await vscode.commands.executeCommand('tlsDoctor.exportReport', conn, md), md);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, md, 'the exported file is opened');
    assert.equal(await vscode.commands.executeCommand('tlsDoctor.exportReport', conn, json), json);
    const mdText = fs.readFileSync(md, 'utf8');
    const jsonText = fs.readFileSync(json, 'utf8');
    assert.match(mdText, /^# MySQL TLS diagnosis: /);
    for (const f of report.findings) {
      assert.ok(mdText.includes(`\`${f.code}\``), `${f.code} is in the Markdown`);
      assert.ok(mdText.includes(f.title), `"${f.title}" is in the Markdown`);
    }
    const parsed = JSON.parse(jsonText) as DiagnosisReport;
    assert.equal(parsed.version, 1);
    assert.deepEqual(parsed.findings.map((f) => f.code), report.findings.map((f) => f.code));
    assert.equal(parsed.target.port, lab.servers.expired.port);
    assertNoCanary(mdText, 'the Markdown report', lab.password);
    assertNoCanary(jsonText, 'the JSON report', lab.password);
  });

  test('an exported report names the connection\'s file relative to the project (no local absolute path) and says when the diagnosis ran', async function () {
    labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/export.env');
    const before = Date.now();
    await vscode.commands.executeCommand('tlsDoctor.diagnose', conn);
    const md = wsFile('reports/relative.md');
    const json = wsFile('reports/relative.json');
    fs.mkdirSync(wsFile('reports'), { recursive: true });
    await vscode.commands.executeCommand('tlsDoctor.exportReport', conn, md);
    await vscode.commands.executeCommand('tlsDoctor.exportReport', conn, json);
    const mdText = fs.readFileSync(md, 'utf8');
    const parsed = JSON.parse(fs.readFileSync(json, 'utf8')) as DiagnosisReport;
    for (const [what, text] of [['Markdown', mdText], ['JSON', JSON.stringify(parsed)]]) {
      assert.ok(!text.includes(workspaceDir()), `the ${what} holds no path of the workspace folder`);
      assert.ok(!text.includes(os.homedir() + '/'), `the ${what} holds no path of the home folder`);
    }
    assert.equal(parsed.target.source?.file, 'lab/export.env');
    assert.match(mdText, /\| written in \| `lab\/export\.env` line 1 \|/);
    const at = Date.parse(parsed.diagnosedAt ?? '');
    assert.ok(at >= before - 1000 && at <= Date.now(), `diagnosedAt ${parsed.diagnosedAt} is the time of the diagnosis`);
    assert.match(mdText, /\| diagnosed \| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \|/);
  });

  test('Export Report from the palette proposes a file outside the project, named after host, port and time (accepted as proposed)', async function () {
    const lab = labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/export.env');
    await vscode.commands.executeCommand('tlsDoctor.diagnose', conn);
    const running = vscode.commands.executeCommand<string | undefined>('tlsDoctor.exportReport', conn);
    await sleep(2000); // the save dialog (the workbench's own, a quick input here) opens
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const written = await running;
    assert.ok(written, 'the proposed file was written');
    assert.ok(!written.startsWith(workspaceDir() + path.sep), `${written} is outside the project`);
    assert.equal(path.dirname(written), os.homedir(), 'the home folder (the exports before went into the project, which is never proposed)');
    assert.match(path.basename(written), new RegExp(`^tls-diagnosis-127\\.0\\.0\\.1-${lab.servers.expired.port}-\\d{8}-\\d{6}\\.md$`));
    fs.rmSync(written);
  });

  test('a connection not diagnosed yet: nothing is written', async () => {
    const a = await api();
    const conn = await connectionIn(a, 'gen/app.env');
    const target = wsFile('reports/never.md');
    if (a.ctx.results.get(conn)) a.ctx.results.clear();
    assert.equal(await vscode.commands.executeCommand('tlsDoctor.exportReport', conn, target), undefined);
    assert.ok(!fs.existsSync(target));
  });
});
