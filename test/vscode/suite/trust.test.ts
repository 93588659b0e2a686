import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID } from './helpers';

// The untrusted half runs in a second host session: see trustUntrusted.test.ts.
suite('trust', () => {
  test('the extension declares limited support for untrusted workspaces, with a description', async () => {
    await api();
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { capabilities?: { untrustedWorkspaces?: { supported: unknown; description?: string } } };
    assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.match(pkg.capabilities?.untrustedWorkspaces?.description ?? '', /confirm/);
  });

  test('in a trusted workspace a diagnosis runs without asking', async () => {
    const a = await api();
    assert.equal(vscode.workspace.isTrusted, true);
    const conn = await a.ctx.index.resolve({ file: `${process.env.TLS_DOCTOR_TEST_WORKSPACE}/offline.env`, index: 0 });
    assert.ok(conn);
    // A stored password, so the only question left would be the trust one.
    await a.ctx.passwords.remember(conn, 'offline-password');
    try {
      const report = await vscode.commands.executeCommand<{ findings: { code: string }[] } | undefined>('tlsDoctor.diagnose', conn);
      assert.ok(report?.findings.some((f) => f.code === 'unreachable'), 'nothing listens on port 1: unreachable');
    } finally {
      await a.ctx.passwords.forget(conn);
    }
  });
});
