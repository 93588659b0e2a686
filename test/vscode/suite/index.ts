// Entry point the VS Code host calls (extensionTestsPath): runs the mocha suites in the host and
// writes every result to $TLS_DOCTOR_RESULTS (JSON) so a runner outside the host can print them.
import * as fs from 'node:fs';
import Mocha from 'mocha';
import { skipReasons } from './helpers';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  error?: string;
  durationMs?: number;
}

function loadSuites(): void {
  // Required lazily, after mocha has set its globals (suite, test, ...) on this context.
  if (process.env.TLS_DOCTOR_SUITE === 'activation') {
    require('./activation.test');
    return;
  }
  if (process.env.TLS_DOCTOR_SUITE === 'cold') {
    require('./coldStart.test');
    return;
  }
  if (process.env.TLS_DOCTOR_UNTRUSTED === '1') {
    require('./trustUntrusted.test');
    return;
  }
  require('./activation.test'); // first: the closest to a fresh activation
  require('./tree.test');
  require('./diagnostics.test');
  require('./offline.test');
  require('./hover.test');
  require('./codeActions.test');
  require('./codeSources.test');
  require('./commands.test');
  require('./firstContact.test');
  require('./secrets.test');
  require('./trust.test');
  require('./generateCertificates.test');
  require('./exportReport.test');
  require('./renewal.test');
  require('./projectDriver.test');
}

export function run(): Promise<void> {
  const grep = process.env.TLS_DOCTOR_GREP;
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, ...(grep ? { grep } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  loadSuites();
  const results: TestResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeResults(results);
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err) => results.push({ title: t.fullTitle(), state: 'failed', error: describe(err) }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'skipped', error: skipReason(t) }));
  });
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.message}\n${err.stack ?? ''}`.slice(0, 4000);
  return String(err);
}

function skipReason(t: Mocha.Test): string | undefined {
  return skipReasons.get(t.fullTitle());
}

function writeResults(results: TestResult[]): void {
  const file = process.env.TLS_DOCTOR_RESULTS;
  if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
}
