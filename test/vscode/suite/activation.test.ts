import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TlsDoctorApi } from '../../../src/extension/main';
import { EXTENSION_ID } from './helpers';

/**
 * The activation benchmark (npm run bench reads .cache/bench/activation.json). run.mjs gives it a
 * session of its own (TLS_DOCTOR_SUITE=activation) in a workspace without .env or .cnf files, so
 * nothing activates the extension before this test: the time is the first activate() (loading the
 * bundle, registering everything) until the first workspace scan is done. In the main session the
 * .env files activate it at startup; there the test checks the extension's own timing instead.
 */
suite(process.env.TLS_DOCTOR_SUITE === 'activation' ? 'activation (cold, own session)' : 'activation', () => {
  test('activation time of the extension in the real host, written for the benchmark', async () => {
    const ext = vscode.extensions.getExtension<TlsDoctorApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    const fresh = !ext.isActive;
    const started = performance.now();
    const a = await ext.activate();
    await a.ready;
    const measured = performance.now() - started;
    if (process.env.TLS_DOCTOR_SUITE === 'activation') assert.ok(fresh, 'nothing activated the extension before this test');
    const readyMs = a.timing.readyMs;
    assert.ok(readyMs !== undefined && Number.isFinite(readyMs) && readyMs >= a.timing.activateMs, `timing: ${JSON.stringify(a.timing)}`);
    assert.ok(a.ctx.index.all().length > 0, 'the first scan found the workspace connections');
    const out = process.env.TLS_DOCTOR_ACTIVATION_OUT;
    if (!out) return;
    const round = (n: number) => Math.round(n * 10) / 10;
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({
      ms: round(fresh ? measured : readyMs), activateMs: round(a.timing.activateMs), readyMs: round(readyMs), fresh,
      connections: a.ctx.index.all().length, vscode: vscode.version,
    }) + '\n');
  });
});
