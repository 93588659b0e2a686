import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { createCa, createServerCert } from '../../../src/engine/certs/generate';
import { startFakeServer } from '../../../src/engine/demo/fakeServer';
import type { DiagnosisReport } from '../../../src/engine/model/report';
import { api, codeOf, connectionIn, labOrSkip, logText, ourDiagnostics, waitFor, wsFile } from './helpers';

async function diagnoseFile(rel: string): Promise<DiagnosisReport> {
  const a = await api();
  const conn = await connectionIn(a, rel);
  const report = await vscode.commands.executeCommand<DiagnosisReport | undefined>('tlsDoctor.diagnose', conn);
  assert.ok(report, `a report for ${rel}`);
  return report;
}

async function actionsFor(rel: string, code: string): Promise<{ doc: vscode.TextDocument; actions: vscode.CodeAction[] }> {
  const uri = vscode.Uri.file(wsFile(rel));
  const doc = await vscode.workspace.openTextDocument(uri);
  const diag = ourDiagnostics(uri).find((d) => codeOf(d) === code);
  assert.ok(diag, `a ${code} diagnostic on ${rel}; got ${ourDiagnostics(uri).map(codeOf).join(', ')}`);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
  return { doc, actions };
}

/** Applies a quick fix the way the editor does: its edit, then its command. */
async function apply(action: vscode.CodeAction): Promise<unknown> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), 'the edit applies');
  if (action.command) return vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return undefined;
}

function codes(report: DiagnosisReport | undefined): string[] {
  return report?.findings.map((f) => f.code) ?? [];
}

suite('codeActions', () => {
  test('host name not in the certificate (VERIFY_IDENTITY): the preferred fix uses a SAN and the connection then works', async function () {
    labOrSkip(this);
    const rel = 'lab/java/ip-only.env';
    const before = fs.readFileSync(wsFile(rel), 'utf8');
    const report = await diagnoseFile(rel);
    assert.ok(codes(report).includes('hostname-mismatch'), `findings: ${codes(report).join(', ')}`);
    const { doc, actions } = await actionsFor(rel, 'hostname-mismatch');
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, `one preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    const fix = report.findings.find((f) => f.code === 'hostname-mismatch')!.fixes.find((f) => f.kind === 'set-host' && f.preferred);
    assert.ok(fix && fix.kind === 'set-host');
    const after = (await apply(preferred[0])) as DiagnosisReport | undefined;
    assert.equal(doc.getText(), before.replace('@localhost:', `@${fix.host}:`), 'only the host changed, byte for byte');
    assert.ok(!codes(after).includes('hostname-mismatch'), `after the fix: ${codes(after).join(', ')}`);
    const downgrade = actions.find((a) => /VERIFY_CA/.test(a.title));
    assert.ok(downgrade && !downgrade.isPreferred && /gives up/i.test(downgrade.title), 'the VERIFY_CA downgrade is offered, not preferred, and says what it gives up');
    await doc.save();
  });

  test('client allows only TLS 1.2, server only TLS 1.3: setting the versions changes only tls-version', async function () {
    labOrSkip(this);
    const rel = 'lab/tls13.env';
    const before = fs.readFileSync(wsFile(rel), 'utf8');
    const report = await diagnoseFile(rel);
    assert.ok(codes(report).includes('tls-version-mismatch'), `findings: ${codes(report).join(', ')}`);
    const { doc, actions } = await actionsFor(rel, 'tls-version-mismatch');
    const versions = actions.find((a) => a.edit && /TLS ?1\.3|TLSv1\.3/i.test(a.title));
    assert.ok(versions, `a versions fix among: ${actions.map((a) => a.title).join(' | ')}`);
    const after = (await apply(versions)) as DiagnosisReport | undefined;
    const key = 'tls-version=';
    const start = before.indexOf(key) + key.length;
    const text = doc.getText();
    assert.equal(text.slice(0, start), before.slice(0, start), 'nothing before the value changed');
    assert.match(text.slice(start), /^[^&\n]*TLSv1\.3/);
    assert.equal(text.slice(text.length - (before.length - start - 'TLSv1.2'.length)), before.slice(start + 'TLSv1.2'.length), 'nothing after the value changed');
    assert.ok(!codes(after).includes('tls-version-mismatch'), `after the fix: ${codes(after).join(', ')}`);
    await doc.save();
  });

  test('server with TLS disabled and ssl-mode=REQUIRED: turning TLS off is offered but never preferred', async function () {
    labOrSkip(this);
    const report = await diagnoseFile('lab/disabled.env');
    assert.ok(codes(report).includes('server-tls-disabled'), `findings: ${codes(report).join(', ')}`);
    const { actions } = await actionsFor('lab/disabled.env', 'server-tls-disabled');
    const finding = report.findings.find((f) => f.code === 'server-tls-disabled')!;
    const off = finding.fixes.find((f) => f.kind === 'set-ssl-mode' && (f.mode === 'DISABLED' || f.mode === 'PREFERRED'));
    assert.ok(off, `the engine offers turning TLS off: ${finding.fixes.map((f) => f.title).join(' | ')}`);
    const action = actions.find((a) => a.title.startsWith(off.title));
    assert.ok(action, `the quick fix for "${off.title}" among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(!action.isPreferred, `${action.title} is not preferred`);
    assert.match(action.title, /gives up/i);
  });

  test('CA file in DER form: converting it writes a PEM copy, points ssl-ca at it, and the error goes', async function () {
    labOrSkip(this);
    const rel = 'lab/der.env';
    const before = fs.readFileSync(wsFile(rel), 'utf8');
    const report = await diagnoseFile(rel);
    assert.ok(codes(report).includes('file-der-encoded'), `findings: ${codes(report).join(', ')}`);
    const { doc, actions } = await actionsFor(rel, 'file-der-encoded');
    const convert = actions.find((a) => a.command?.command === 'tlsDoctor.convertDerToPem');
    assert.ok(convert, `a convert action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(convert.isPreferred);
    await apply(convert);
    assert.equal(doc.getText(), before.replace('ssl-ca=ca.der', 'ssl-ca=ca.pem'), 'only the CA path changed, byte for byte');
    assert.match(fs.readFileSync(wsFile('lab/ca.pem'), 'utf8'), /^-----BEGIN CERTIFICATE-----\n/);
    const again = ourDiagnostics(doc.uri).map(codeOf);
    assert.ok(!again.includes('file-der-encoded'), `after the fix: ${again.join(', ')}`);
    await doc.save();
  });

  test('TLS without verification against a private CA: the VERIFY_CA quick fix says what it gives up and is not preferred', async () => {
    const ca = createCa({ cn: 'Quick Fix Private CA' });
    const leaf = createServerCert(ca, { cn: 'localhost', hosts: ['localhost', '127.0.0.1'] });
    const server = await startFakeServer({ greetingTls: true, tls: { key: leaf.keyPem, cert: leaf.certPem } });
    try {
      const rel = 'fake/required.env';
      fs.mkdirSync(wsFile('fake'), { recursive: true });
      fs.writeFileSync(wsFile(rel), `DATABASE_URL=mysql://127.0.0.1:${server.port}/shop?ssl-mode=REQUIRED\n`);
      const report = await diagnoseFile(rel);
      const fix = report.findings.find((f) => f.code === 'verification-disabled')?.fixes.find((f) => f.kind === 'set-ssl-mode' && f.mode === 'VERIFY_CA');
      assert.ok(fix?.givesUp, `the engine says what VERIFY_CA gives up: ${JSON.stringify(report.findings.map((f) => [f.code, f.fixes]))}`);
      const { actions } = await actionsFor(rel, 'verification-disabled');
      const action = actions.find((a) => a.title.startsWith(fix.title));
      assert.ok(action, `the quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(action.title, `${fix.title} (gives up ${fix.givesUp})`);
      assert.ok(!action.isPreferred, 'a downgrade is never preferred');
    } finally {
      await server.close();
    }
  });

  test('converting a DER file whose PEM copy cannot be written: a message saying what and where, no exception, the file unchanged', async () => {
    const a = await api();
    const dir = wsFile('der-blocked');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${dir}/ca.der`, new X509Certificate(createCa({ cn: 'Blocked CA' }).certPem).raw);
    fs.writeFileSync(`${dir}/ca.pem`, 'another file\n'); // taken: the engine picks ca.converted.pem ...
    fs.mkdirSync(`${dir}/ca.converted.pem`, { recursive: true }); // ... and a folder of that name is in the way
    const file = `${dir}/.env`;
    fs.writeFileSync(file, 'DATABASE_URL=mysql://127.0.0.1:1/shop?ssl-mode=VERIFY_CA&ssl-ca=ca.der\n');
    const before = fs.readFileSync(file, 'utf8');
    assert.ok(await connectionIn(a, 'der-blocked/.env'));
    const done = await vscode.commands.executeCommand('tlsDoctor.convertDerToPem', { file, index: 0 }, 'ca.der', 'ca');
    assert.equal(done, false);
    assert.equal(fs.readFileSync(file, 'utf8'), before, 'the connection is not pointed anywhere');
    assert.equal(fs.readFileSync(`${dir}/ca.pem`, 'utf8'), 'another file\n', 'no other file is overwritten');
    const said = `could not write the PEM copy of ca.der to ${dir}/ca.converted.pem: a folder of that name is in the way`;
    await waitFor('the message in the log', () => logText(a).includes(said));
  });
});
