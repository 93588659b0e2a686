// Issue 12, time: a timeout from the command line or the settings is bounded to what Node's timers
// hold, and the diagnosis as a whole has an overall deadline (model/timeout.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeServer } from '../../src/engine/demo/fakeServer';
import { silent } from '../../src/engine/demo/hostile';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import { clampTimeout, diagnosisBudgetMs, MAX_TIMEOUT_MS } from '../../src/engine/model/timeout';

test('a timeout past what a Node timer holds (2^31 ms and more) still lets the account check reach the server', async () => {
  const server = await startFakeServer({ greetingTls: false });
  try {
    const conn = parseConnectionString(`mysql://app:not-the-password@127.0.0.1:${server.port}/?ssl-mode=DISABLED`).connection!;
    const lines: string[] = [];
    const report = await diagnose(conn, { timeoutMs: 2 ** 32, log: (l) => lines.push(l) });
    // The fake server refuses every login with 1045, which a plaintext login reads as a REQUIRE SSL account.
    const answered = report.findings.find((f) => f.code === 'account-requires-tls' || f.code === 'login-refused');
    assert.ok(answered, `the login was tried: ${report.findings.map((f) => f.code).join(', ')}`);
    assert.match(JSON.stringify(answered), /1045/, 'the server answered; the timer did not fire at once');
    assert.doesNotMatch(JSON.stringify(report) + lines.join('\n'), /no answer within|ETIMEDOUT/);
  } finally {
    await server.close();
  }
});

test('timeouts from settings are clamped: none, zero, negative, NaN and strings give the default; huge ones ten minutes', () => {
  assert.equal(clampTimeout(undefined), 5000);
  assert.equal(clampTimeout(0), 5000);
  assert.equal(clampTimeout(-1), 5000);
  assert.equal(clampTimeout(Number.NaN), 5000);
  assert.equal(clampTimeout('9000'), 5000);
  assert.equal(clampTimeout(2 ** 31), MAX_TIMEOUT_MS);
  assert.equal(clampTimeout(Number.POSITIVE_INFINITY), 5000);
  assert.equal(clampTimeout(1500.2), 1501);
  assert.ok(diagnosisBudgetMs(MAX_TIMEOUT_MS) < 2 ** 31 - 1, 'the overall deadline itself fits a timer');
});

test('a caller that cancels: the diagnosis stops at once, and says cancelled, not the deadline', async () => {
  const server = await startFakeServer({ greetingTls: true, raw: silent });
  try {
    const conn = parseConnectionString(`mysql://app@127.0.0.1:${server.port}/`).connection!;
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const started = Date.now();
    const report = await diagnose(conn, { timeoutMs: 60_000, signal: ac.signal, auth: false });
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.match(JSON.stringify(report.findings), /cancelled/);
  } finally {
    await server.close();
  }
});
