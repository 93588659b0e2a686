import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { createCa, createServerCert } from '../../../src/engine/certs/generate';
import { startFakeServer } from '../../../src/engine/demo/fakeServer';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import type { GenerateResult } from '../../../src/extension/commands/generateCertificates';
import { api, codeOf, connectionIn, hoverText, labOrSkip, logText, openDoc, ourDiagnostics, sleep, waitFor, wsFile } from './helpers';

/** The file as the editor has it (an applied edit is not saved yet), else as on disk. */
function textOf(rel: string): string {
  const file = wsFile(rel);
  return vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file)?.getText() ?? fs.readFileSync(file, 'utf8');
}

/** Presses Enter on whatever quick pick the command shows (its preselection) until it finishes. */
async function acceptPicksUntil<T>(running: Thenable<T>): Promise<T> {
  let done = false;
  const result = Promise.resolve(running).finally(() => (done = true));
  while (!done) {
    await Promise.race([result, sleep(300)]);
    if (!done) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return result;
}

function tabsOf(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
}

suite('first contact', () => {
  test('Use the new CA: the picker preselects the connections the new certificate is for; only they change, a container path is left alone, one path style', async () => {
    const a = await api();
    const before = { env: textOf('newca/app.env'), compose: textOf('newca/docker-compose.yml') };
    const running = vscode.commands.executeCommand<GenerateResult | undefined>('tlsDoctor.generateCertificates', undefined,
      { hosts: ['127.0.0.21'], outDir: wsFile('newca/certs'), client: false });
    const result = await acceptPicksUntil(running);
    assert.ok(result, 'certificates were generated');
    assert.deepEqual([...result.pointed].sort(), ['127.0.0.21:1', 'app@127.0.0.21:1'], 'the two connections to 127.0.0.21 on this machine');
    // The option file needs an absolute path (its client reads relative ones from the working
    // directory), so the .env gets the same absolute path: one style for the whole change.
    const ca = result.files.ca;
    const [first, second] = before.env.split('\n');
    assert.equal(textOf('newca/app.env'), [`${first}&ssl-ca=${ca}`, second, ''].join('\n'), 'only the connection to 127.0.0.21 changed');
    assert.equal((await connectionIn(a, 'newca/client.cnf')).tls.ca, ca);
    assert.equal(textOf('newca/docker-compose.yml'), before.compose, "the container's CA path is left alone");
    await waitFor('the choice in the log', () => /Use the new CA: 2 of \d+ connection\(s\) chosen/.test(logText(a)));
    await waitFor('the container path left alone, in the log', () => /app@127\.0\.0\.21:1: its [^\n]*left alone/.test(logText(a)));
  });

  test('Use the new CA for a connection the certificate is not for: only the chosen one changes, written relative to its file', async () => {
    const a = await api();
    const before = textOf('newca/app.env');
    const analytics = await connectionIn(a, 'newca/app.env', 1);
    const result = await vscode.commands.executeCommand<GenerateResult | undefined>('tlsDoctor.generateCertificates', undefined,
      { hosts: ['127.0.0.21'], outDir: wsFile('newca/more-certs'), client: false, useCa: [a.ctx.index.refOf(analytics)] });
    assert.deepEqual(result?.pointed, ['app@127.0.0.22:1']);
    const lines = before.split('\n');
    lines[1] += '&ssl-ca=more-certs/ca.pem';
    assert.equal(textOf('newca/app.env'), lines.join('\n'));
  });

  test('a Go DSN whose CA is not trusted: no CA file picker (a DSN cannot name files), a How-to that opens the explanation', async function () {
    labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/go/main.go');
    assert.equal(conn.dialect, 'go-dsn');
    // The server answers, so its password is asked for: none given (Enter on the empty prompt).
    const report = await acceptPicksUntil(vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn));
    const f = report?.findings.find((x) => x.fixes.some((fix) => fix.kind === 'set-ca'));
    assert.ok(f, `a finding with a CA fix: ${report?.findings.map((x) => x.code).join(', ')}`);
    const uri = vscode.Uri.file(conn.file!);
    await vscode.workspace.openTextDocument(uri);
    const diag = ourDiagnostics(uri).find((d) => codeOf(d) === f.code);
    assert.ok(diag, `a ${f.code} diagnostic`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((x) => x.title).join(' | ');
    assert.ok(!actions.some((x) => x.command?.command === 'tlsDoctor.chooseCa'), `no CA picker: ${titles}`);
    const howTo = actions.find((x) => x.title.startsWith('How to: ') && /RegisterTLSConfig/.test(x.title));
    assert.ok(howTo, `a How-to naming mysql.RegisterTLSConfig: ${titles}`);
    assert.ok(!howTo.isPreferred, 'advice is not the preferred fix');
    assert.equal(howTo.command?.command, 'tlsDoctor.showFinding');
    await vscode.commands.executeCommand(howTo.command!.command, ...(howTo.command!.arguments ?? []));
    assert.ok(vscode.window.activeTextEditor?.document.getText().startsWith(`# ${f.title}`), 'the explanation is shown');
  });

  test('a password is asked for only once the server is known to answer', async function () {
    labOrSkip(this);
    const a = await api();
    const down = await connectionIn(a, 'offline.env');
    await a.ctx.passwords.forget(down);
    // Nothing listens on port 1: no prompt (the test would wait for an answer otherwise).
    const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', down);
    assert.ok(report?.findings.some((f) => f.code === 'unreachable'));
    await waitFor('the reason no password was asked for', () => logText(a).includes(`[${down.label}] No password asked for: 127.0.0.1:1 is unreachable (connection refused)`));
    const up = await connectionIn(a, 'lab/nopassword.env');
    await a.ctx.passwords.forget(up);
    await acceptPicksUntil(vscode.commands.executeCommand('tlsDoctor.diagnose', up));
    await waitFor('the prompt answered with no password', () => logText(a).includes(`[${up.label}] No password given: TLS is checked without logging in`));
    await a.ctx.passwords.forget(up); // the "skip" too, for the tests after this one
  });

  test('a certificate issued for a name that does not resolve from here: "connect to" that name says so and is not preferred', async () => {
    const ca = createCa({ cn: 'Unresolved Name CA' });
    const leaf = createServerCert(ca, { cn: 'db.tls-doctor.invalid', hosts: ['db.tls-doctor.invalid'] });
    const server = await startFakeServer({ greetingTls: true, tls: { key: leaf.keyPem, cert: leaf.certPem } });
    try {
      const a = await api();
      const rel = 'fake/unresolved.env';
      fs.mkdirSync(wsFile('fake'), { recursive: true });
      fs.writeFileSync(wsFile('fake/unresolved-ca.pem'), ca.certPem);
      fs.writeFileSync(wsFile(rel), `DATABASE_URL=mysql://127.0.0.1:${server.port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=unresolved-ca.pem\n`);
      const conn = await waitFor('the new file read', () => a.ctx.index.resolve({ file: wsFile(rel), index: 0 }));
      const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn);
      assert.ok(report?.findings.some((f) => f.code === 'hostname-mismatch'), `findings: ${report?.findings.map((f) => f.code).join(', ')}`);
      const uri = vscode.Uri.file(wsFile(rel));
      await vscode.workspace.openTextDocument(uri);
      const diag = ourDiagnostics(uri).find((d) => codeOf(d) === 'hostname-mismatch');
      assert.ok(diag);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      const connectTo = actions.find((x) => x.title.startsWith('Connect to db.tls-doctor.invalid'));
      assert.ok(connectTo, `the host fix is offered: ${actions.map((x) => x.title).join(' | ')}`);
      assert.match(connectTo.title, /db\.tls-doctor\.invalid does not resolve from this machine/);
      assert.ok(!connectTo.isPreferred, 'not preferred');
      assert.deepEqual(actions.filter((x) => x.isPreferred).map((x) => x.title), [], 'nothing else preferred either: the rest give something up');
    } finally {
      await server.close();
    }
  });

  test('Explain Error on a stack trace pasted as one line: shown one frame a line, and the workspace connection with that cause named where it is written', async function () {
    labOrSkip(this);
    const a = await api();
    await vscode.commands.executeCommand('tlsDoctor.diagnose', await connectionIn(a, 'lab/expired.env'));
    const flat = 'java.sql.SQLException: Could not create connection.\tat com.mysql.cj.jdbc.ConnectionImpl.connect(ConnectionImpl.java:969) Caused by: javax.net.ssl.SSLHandshakeException: certificate has expired\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)';
    await vscode.commands.executeCommand('tlsDoctor.explainError', flat);
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(text, /\n {4}at com\.mysql\.cj\.jdbc\.ConnectionImpl\.connect\(ConnectionImpl\.java:969\)\nCaused by: /);
    assert.match(text, /in `lab\/expired\.env:1`: its last diagnosis found `cert-expired`/);
  });

  test('Forget Password when none is stored says so; when one is, says it is gone', async () => {
    const a = await api();
    const conn = await connectionIn(a, 'offline.env');
    await a.ctx.passwords.forget(conn);
    assert.equal(await vscode.commands.executeCommand('tlsDoctor.forgetPassword', conn), false);
    await waitFor('the honest message', () => logText(a).includes(`no password was stored for ${conn.label}; nothing to forget`));
    await a.ctx.passwords.remember(conn, 'to-be-forgotten');
    assert.equal(await vscode.commands.executeCommand('tlsDoctor.forgetPassword', conn), true);
    await waitFor('the message that it is gone', () => logText(a).includes(`the stored password for ${conn.label} is gone`));
  });

  test('an explanation opens read-only, once per subject: shown again, the same document, nothing to save', async () => {
    const a = await api();
    const conn = await connectionIn(a, 'offline.env');
    await vscode.commands.executeCommand('tlsDoctor.diagnose', conn);
    await vscode.commands.executeCommand('tlsDoctor.showFinding', a.ctx.index.refOf(conn), 'unreachable');
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc && doc.uri.scheme === 'tls-doctor', `a virtual document: ${doc?.uri.toString()}`);
    assert.ok(!doc.isUntitled && !doc.isDirty, 'nothing asks to be saved');
    const text = doc.getText();
    await vscode.commands.executeCommand('type', { text: 'typed by the user' });
    assert.equal(doc.getText(), text, 'typing in it changes nothing');
    assert.ok(!doc.isDirty, 'still nothing to save');
    await vscode.commands.executeCommand('tlsDoctor.showFinding', a.ctx.index.refOf(conn), 'unreachable');
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'the same document again');
    assert.equal(tabsOf(doc.uri).length, 1, 'one tab for the subject');
    const message = 'ERROR 2026 (HY000): SSL connection error: unable to get local issuer certificate';
    await vscode.commands.executeCommand('tlsDoctor.explainError', message);
    const explained = vscode.window.activeTextEditor!.document;
    await vscode.commands.executeCommand('tlsDoctor.explainError', message);
    assert.equal(vscode.window.activeTextEditor?.document, explained, 'the same explanation document');
    assert.equal(explained.uri.scheme, 'tls-doctor');
    assert.equal(tabsOf(explained.uri).length, 1);
  });

  test('with tlsDoctor.diagnoseOnSave on, saving a file diagnoses its connections again; off (the default), saving does not', async () => {
    const a = await api();
    const rel = 'onsave/app.env';
    const doc = await openDoc(rel);
    const config = vscode.workspace.getConfiguration('tlsDoctor');
    assert.equal(config.get('diagnoseOnSave'), false, 'off by default');
    const touch = async (comment: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), `# ${comment}\n`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save(), 'saved');
    };
    // Another test's Diagnose All may have diagnosed this file already: count the on-save runs in the log.
    const onSaveRuns = () => (logText(a).match(/again \(tlsDoctor\.diagnoseOnSave\)/g) ?? []).length;
    const runsBefore = onSaveRuns();
    await touch('saved with the setting off');
    await sleep(1500);
    assert.equal(onSaveRuns(), runsBefore, 'not diagnosed on save by default');
    await config.update('diagnoseOnSave', true, vscode.ConfigurationTarget.Workspace);
    try {
      await touch('saved with the setting on');
      const report = await waitFor('a diagnosis after the save', async () => a.ctx.results.get(await connectionIn(a, rel)), 20_000);
      assert.ok(report.findings.some((f) => f.code === 'unreachable'), 'nothing listens on port 1');
      await waitFor('the log line', () => /diagnosing its 1 connection\(s\) again \(tlsDoctor\.diagnoseOnSave\)/.test(logText(a)));
    } finally {
      await config.update('diagnoseOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('editing a diagnosed connection keeps its last result, marked as from before the edit', async () => {
    const a = await api();
    const rel = 'stale/app.env';
    const conn = await connectionIn(a, rel);
    await vscode.commands.executeCommand('tlsDoctor.diagnose', conn);
    const doc = await openDoc(rel);
    const at = doc.getText().indexOf(':1/');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at + 1), doc.positionAt(at + 2)), '2');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const row = await waitFor('the edited row', () => {
        const file = a.tree.getChildren().find((n) => n.kind === 'file' && n.entry.uri.fsPath === wsFile(rel));
        const node = file && a.tree.getChildren(file)[0];
        return node && a.tree.getTreeItem(node).label === '127.0.0.1:2' ? a.tree.getTreeItem(node) : undefined;
      });
      assert.match(String(row.description), /^unreachable \(before edit\)/, 'the last status stays, marked');
      assert.ok(row.iconPath instanceof vscode.ThemeIcon && row.iconPath.id === 'error', 'not "not yet diagnosed"');
      const edited = await connectionIn(a, rel);
      assert.equal(a.ctx.results.status(edited), 'failing');
      // The diagnostics are published after the tree updates (a debounce): wait for them too.
      const marked = /\(found before the last edit of this connection\)$/;
      await waitFor('the diagnostic marked as from before the edit', () =>
        ourDiagnostics(doc.uri).some((d) => codeOf(d) === 'unreachable' && marked.test(d.message)),
      );
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at));
      assert.match(hoverText(hovers), /from before the last edit of this connection/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
