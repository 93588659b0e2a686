import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerateResult } from '../../../src/extension/commands/generateCertificates';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import { api, codeOf, connectionIn, connectionRow, labOrSkip, ourDiagnostics, sleep, workspaceDir, wsFile } from './helpers';

function mode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

function sans(file: string): string {
  return new X509Certificate(fs.readFileSync(file)).subjectAltName ?? '';
}

function instructionsDoc(): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'tls-doctor' && d.getText().startsWith('# Development certificates'));
}

/** Runs the command and accepts the first entry of the folder quick pick it shows (what Enter does). */
async function generateAcceptingProposedFolder(hosts: string[]): Promise<GenerateResult | undefined> {
  const running = vscode.commands.executeCommand<GenerateResult | undefined>('tlsDoctor.generateCertificates', undefined, { hosts, client: false, useCa: false });
  await sleep(1500); // the quick pick opens once the workspace is read
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  return running;
}

suite('generateCertificates', () => {
  test('no folder given: a new certs/ folder of the project is proposed first (not the project root), and next time a folder that holds a set is passed over', async () => {
    await api();
    const first = await generateAcceptingProposedFolder(['127.0.0.10']);
    assert.ok(first, 'the proposed folder was accepted and the set written');
    assert.equal(first.files.ca, wsFile('certs/ca.pem'), 'written to a new certs/ folder');
    assert.ok(!fs.existsSync(path.join(workspaceDir(), 'ca.pem')), 'nothing in the project root');
    const second = await generateAcceptingProposedFolder(['127.0.0.10']);
    assert.ok(second);
    assert.equal(second.files.ca, wsFile('dev-certs/ca.pem'), 'certs/ holds a set now: the next name is proposed');
    assert.notEqual(fs.readFileSync(first.files.ca, 'utf8'), fs.readFileSync(second.files.ca, 'utf8'));
  });

  test('development certificates from the palette: owner-only keys, SANs exactly the hosts, server lines shown, both connections pointed at the new CA', async () => {
    const a = await api();
    const envFile = wsFile('gen/app.env');
    const before = fs.readFileSync(envFile, 'utf8');
    const outDir = wsFile('gen/certs');
    const result = await vscode.commands.executeCommand<GenerateResult | undefined>('tlsDoctor.generateCertificates', undefined,
      { hosts: ['127.0.0.5', '127.0.0.6'], outDir, client: true, useCa: true });
    assert.ok(result, 'the command finished');
    assert.equal(mode(result.files.serverKey), 0o600);
    assert.equal(mode(result.files.clientKey!), 0o600);
    assert.equal(sans(result.files.serverCert), 'IP Address:127.0.0.5, IP Address:127.0.0.6');
    const doc = instructionsDoc();
    assert.ok(doc, 'the instructions document is open');
    assert.match(doc.getText(), /\[mysqld\]\nssl_ca=.*ca\.pem\nssl_cert=.*server-cert\.pem\nssl_key=.*server-key\.pem/);
    assert.match(doc.getText(), /\[client\]\nssl-ca=/);
    assert.deepEqual(result.pointed.sort(), ['app@127.0.0.5:1', 'app@127.0.0.6:1']);
    const after = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === envFile)?.getText() ?? fs.readFileSync(envFile, 'utf8');
    const expected = before
      .replace('ssl-mode=VERIFY_IDENTITY\n', 'ssl-mode=VERIFY_IDENTITY&ssl-ca=certs/ca.pem\n')
      .replace('ssl-mode=VERIFY_CA\n', 'ssl-mode=VERIFY_CA&ssl-ca=certs/ca.pem\n');
    assert.equal(after, expected, 'only ssl-ca was added, relative to the .env file');
    const conn = await connectionIn(a, 'gen/app.env', 1);
    assert.equal(conn.tls.ca, 'certs/ca.pem');
    assert.ok(!fs.readFileSync(wsFile('offline.env'), 'utf8').includes('ca.pem'), 'connections to other hosts are left alone');
  });

  test('generating for one connection from the tree points only that connection', async () => {
    const a = await api();
    const conn = await connectionIn(a, 'gen/single.env');
    const node = connectionRow(a, conn);
    assert.ok(node, 'the connection is in the tree');
    const outDir = wsFile('gen/single-certs');
    const result = await vscode.commands.executeCommand<GenerateResult | undefined>('tlsDoctor.generateCertificates', node,
      { hosts: ['127.0.0.7'], outDir, client: false, useCa: true });
    assert.ok(result);
    assert.equal(result.files.clientCert, undefined, 'no client certificate was asked for');
    assert.deepEqual(result.pointed, ['app@127.0.0.7:1']);
    assert.equal((await connectionIn(a, 'gen/single.env')).tls.ca, 'single-certs/ca.pem');
  });

  test('an option file is pointed at the new CA by its absolute path (the client reads relative ones from its working directory)', async () => {
    const a = await api();
    const outDir = wsFile('gen/cnf-certs');
    const result = await vscode.commands.executeCommand<GenerateResult | undefined>('tlsDoctor.generateCertificates', undefined,
      { hosts: ['127.0.0.8'], outDir, client: false, useCa: true });
    assert.ok(result);
    assert.deepEqual(result.pointed, ['127.0.0.8:1']);
    assert.equal((await connectionIn(a, 'gen/client.cnf')).tls.ca, result.files.ca);
  });

  test('a folder that already holds a set is kept unless replacing it is confirmed; a replaced set loses its stale client pair', async () => {
    await api();
    const outDir = wsFile('gen/again-certs');
    const first = await vscode.commands.executeCommand<GenerateResult | undefined>('tlsDoctor.generateCertificates', undefined,
      { hosts: ['127.0.0.9'], outDir, client: true, useCa: false });
    assert.ok(first?.files.clientKey);
    const oldCa = fs.readFileSync(first.files.ca, 'utf8');
    const kept = await vscode.commands.executeCommand('tlsDoctor.generateCertificates', undefined,
      { hosts: ['127.0.0.9'], outDir, client: false, useCa: false, replace: false });
    assert.equal(kept, undefined, 'nothing generated');
    assert.equal(fs.readFileSync(first.files.ca, 'utf8'), oldCa, 'the existing CA is untouched');
    const replaced = await vscode.commands.executeCommand<GenerateResult | undefined>('tlsDoctor.generateCertificates', undefined,
      { hosts: ['127.0.0.9'], outDir, client: false, useCa: false, replace: true });
    assert.ok(replaced);
    assert.notEqual(fs.readFileSync(replaced.files.ca, 'utf8'), oldCa, 'a new CA');
    assert.ok(!fs.existsSync(first.files.clientKey), 'the client key the new CA did not issue is gone');
    const said = vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'tls-doctor' && d.getText().includes(`Removed (client files the new CA did not issue):\n\n- \`${first.files.clientCert}\``));
    assert.ok(said, 'the instructions list the removed client files');
  });

  test('a host that is no name gets a clear message and nothing is written', async () => {
    await api();
    const outDir = wsFile('gen/bad-certs');
    const result = await vscode.commands.executeCommand('tlsDoctor.generateCertificates', undefined,
      { hosts: ['not a host!'], outDir, client: false, useCa: false });
    assert.equal(result, undefined);
    assert.ok(!fs.existsSync(outDir), 'no folder was made');
  });

  test('host name not in the certificate (VERIFY_IDENTITY): reissuing is a quick fix, never preferred, for that host', async function () {
    labOrSkip(this);
    const a = await api();
    const conn = await connectionIn(a, 'lab/wrong-san.env');
    const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn);
    assert.ok(report?.findings.some((f) => f.code === 'hostname-mismatch'), `findings: ${report?.findings.map((f) => f.code).join(', ')}`);
    const uri = vscode.Uri.file(conn.file!);
    await vscode.workspace.openTextDocument(uri); // the code action provider runs on an open model
    const diag = ourDiagnostics(uri).find((d) => codeOf(d) === 'hostname-mismatch');
    assert.ok(diag, 'a hostname-mismatch diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const reissue = actions.find((x) => x.command?.command === 'tlsDoctor.generateCertificates');
    assert.ok(reissue, `a generate action among: ${actions.map((x) => x.title).join(' | ')}`);
    assert.ok(!reissue.isPreferred, 'not preferred');
    const [ref, args] = reissue.command!.arguments as [unknown, { suggestedHosts: string[] }];
    assert.deepEqual(args.suggestedHosts, ['127.0.0.1']);
    const outDir = wsFile('lab/reissued');
    const result = await vscode.commands.executeCommand<GenerateResult | undefined>('tlsDoctor.generateCertificates', ref,
      { ...args, hosts: args.suggestedHosts, outDir, client: false, useCa: false });
    assert.ok(result);
    assert.equal(sans(result.files.serverCert), 'IP Address:127.0.0.1');
    assert.deepEqual(result.pointed, [], 'the connection was left as it was');
  });
});
