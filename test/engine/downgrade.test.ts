// Every fix that weakens a connection says what it gives up, in the JSON, the CLI text, the
// Markdown report and the quick fix titles, and is never the preferred fix.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import { makeDemoPki, removeDemoPki, SCENARIOS, startScenario } from '../../src/engine/demo/scenarios';
import { explainError } from '../../src/engine/explain/index';
import { ADVICE } from '../../src/engine/explain/advice';
import { givesUpOf, titleWithCost } from '../../src/engine/fixes/downgrade';
import { SSL_MODES } from '../../src/engine/model/connection';
import { finding, type Finding, type Fix } from '../../src/engine/model/finding';
import type { DiagnosisReport } from '../../src/engine/model/report';
import { escapeMarkdown } from '../../src/engine/report/escape';
import { renderMarkdown } from '../../src/engine/report/markdown';
import { renderText } from '../../src/engine/report/text';

/** A downgrade carries what it gives up and is never preferred. */
function assertHonest(findings: Finding[], where: string): void {
  for (const f of findings) {
    for (const fix of f.fixes) {
      const weakens = givesUpOf({ ...fix, givesUp: undefined } as Fix) !== undefined;
      if (weakens) assert.ok(fix.givesUp, `${where}: ${f.code} fix "${fix.title}" weakens the connection but does not say what it gives up`);
      if (fix.givesUp) assert.ok(!fix.preferred, `${where}: ${f.code} fix "${fix.title}" gives up ${fix.givesUp} and is preferred`);
    }
  }
}

describe('downgrades', () => {
  test('every ssl-mode below VERIFY_IDENTITY gives something up, and finding() never keeps it preferred', () => {
    for (const mode of SSL_MODES) {
      const f = finding('verification-disabled', 't', 'd', {}, [{ kind: 'set-ssl-mode', title: `Use ${mode}`, mode, preferred: true }]);
      const [fix] = f.fixes;
      if (mode === 'VERIFY_IDENTITY') {
        assert.equal(fix.givesUp, undefined);
        assert.equal(fix.preferred, true, 'a full verification stays preferred');
      } else {
        assert.ok(fix.givesUp && fix.givesUp.length > 10, `${mode} says what it gives up`);
        assert.ok(!fix.preferred, `${mode} is not preferred`);
      }
    }
  });

  test('allowing TLS 1.0/1.1 gives up modern TLS; TLS 1.2/1.3 gives up nothing', () => {
    const f = finding('tls-version-mismatch', 't', 'd', {}, [
      { kind: 'set-tls-versions', title: 'Allow TLS 1.2 and 1.3', versions: ['TLSv1.2', 'TLSv1.3'], preferred: true },
      { kind: 'set-tls-versions', title: 'Allow TLS 1.1', versions: ['TLSv1.1'], preferred: true },
    ]);
    assert.equal(f.fixes[0].givesUp, undefined);
    assert.equal(f.fixes[0].preferred, true);
    assert.match(f.fixes[1].givesUp ?? '', /TLS 1\.0 and 1\.1/);
    assert.ok(!f.fixes[1].preferred);
  });

  test('the same mode reads the same whichever check offers it, and the input fix is not changed', () => {
    const given: Fix = { kind: 'set-ssl-mode', title: 'Use TLS (REQUIRED)', mode: 'REQUIRED', givesUp: 'the server certificate is not checked', preferred: true };
    const [fix] = finding('login-refused', 't', 'd', {}, [given]).fixes;
    assert.match(fix.givesUp ?? '', /^server verification/);
    assert.equal(given.preferred, true, 'the caller\'s object is left alone');
  });

  test('a title that says what it gives up is not repeated; others get it appended', () => {
    const said: Fix = { kind: 'set-ssl-mode', title: 'Connect without TLS: gives up encryption', mode: 'DISABLED', givesUp: 'encryption' };
    assert.equal(titleWithCost(said), said.title);
    const unsaid: Fix = { kind: 'set-ssl-mode', title: 'Use TLS (REQUIRED)', mode: 'REQUIRED', givesUp: 'server verification' };
    assert.equal(titleWithCost(unsaid), 'Use TLS (REQUIRED) (gives up server verification)');
  });

  test('the explain advice offers no downgrade as preferred, for every code and every corpus-like message', () => {
    for (const [code, advice] of Object.entries(ADVICE)) {
      assertHonest([finding(code as Finding['code'], advice!.title, advice!.check, {}, advice!.fixes)], `ADVICE ${code}`);
    }
    for (const text of ['ERROR 2026 (HY000): SSL connection error: SSL is required but the server doesn\'t support it', 'ERROR 1045 (28000): Access denied for user', 'certificate verify failed']) {
      assertHonest(explainError(text).findings, `explain "${text}"`);
    }
  });

  test('the demo servers: no diagnosis offers a downgrade as preferred or without saying what it gives up', async () => {
    const pki = makeDemoPki();
    try {
      for (const scenario of SCENARIOS) {
        const running = await startScenario(scenario, pki);
        try {
          const { connection } = parseConnectionString(running.connection);
          assert.ok(connection, running.connection);
          const report = await diagnose(connection, { timeoutMs: 3000, auth: false });
          assertHonest(report.findings, scenario.title);
        } finally {
          await running.server.close();
        }
      }
    } finally {
      removeDemoPki(pki);
    }
  });
});

describe('reports say what a downgrade gives up', () => {
  const report: DiagnosisReport = {
    version: 1,
    target: { host: 'db.example.com', port: 3306, user: 'app', dialect: 'uri', driver: 'mysql-cli', sslMode: 'VERIFY_IDENTITY' },
    server: { reachable: true, tlsSupported: true, chain: [{ subject: 'CN=a|b', issuer: 'CN=CA', notBefore: '2026-01-01T00:00:00Z', notAfter: '2036-01-01T00:00:00Z', san: ['DNS:db.example.com'], sha256: 'AB' }] },
    findings: [finding('hostname-mismatch', 'The certificate is not issued for db', 'd', {}, [
      { kind: 'set-host', title: 'Connect to db.example.com', host: 'db.example.com', preferred: true },
      { kind: 'set-ssl-mode', title: 'Use ssl-mode=VERIFY_CA', mode: 'VERIFY_CA', preferred: true },
    ], 'host')],
    durationMs: 5,
  };

  test('CLI text: the downgrade is an alternative followed by what it gives up', () => {
    const text = renderText(report);
    assert.match(text, /fix: Connect to db\.example\.com/);
    assert.match(text, /alt: Use ssl-mode=VERIFY_CA\n\s+gives up the host-name check/);
  });

  test('Markdown: the downgrade is labelled and its title says what it gives up; a | in a certificate name cannot break the table', () => {
    const md = renderMarkdown(report);
    assert.match(md, /- \*\*Weaker option:\*\* Use ssl-mode=VERIFY_CA \(gives up the host-name check/);
    assert.match(md, /\| CN=a\\\|b \|/);
  });

  test('escapeMarkdown: syntax renders as text, line breaks cannot start a block', () => {
    assert.equal(escapeMarkdown('a_b*c`d$(e)|f'), 'a\\_b\\*c\\`d\\$\\(e\\)\\|f');
    assert.equal(escapeMarkdown('# x\n- y'), '\\# x - y');
    assert.equal(escapeMarkdown('1. one'), '1\\. one');
    assert.equal(escapeMarkdown('db.example.com'), 'db.example.com');
  });
});

describe('advice for the codes added last', () => {
  for (const code of ['tls-handshake-failed', 'login-refused'] as const) {
    test(`${code}: what it means, what to check, what to run`, () => {
      const advice = ADVICE[code];
      assert.ok(advice, `ADVICE has ${code}`);
      assert.ok(advice.check.length > 100, 'the check says what it means and what to check');
      assert.match(advice.check, /`[^`]+`/, 'the check names a command to run');
      assert.ok(advice.fixes.some((f) => f.preferred), 'one fix is preferred');
      assert.ok(advice.fixes.some((f) => (f.kind === 'server-change' || f.kind === 'manual') && f.commands?.length), 'a fix carries the commands');
    });
  }
});
