// "It broke after the certificate renewal": the chain seen now against the one seen last time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotateRenewal, compareChains } from '../../src/engine/checks/renewal';
import { finding } from '../../src/engine/model/finding';
import type { CertSummary } from '../../src/engine/model/report';

function cert(subject: string, issuer: string, sha256: string, notAfter = '2027-01-01T00:00:00Z'): CertSummary {
  return { subject, issuer, notBefore: '2026-01-01T00:00:00Z', notAfter, san: [], sha256 };
}

test('the same leaf as last time is no change', () => {
  const chain = [cert('CN=db', 'CN=R3', 'AA')];
  assert.equal(compareChains(chain, chain), undefined);
});

test('no chain seen before: nothing to compare', () => {
  assert.equal(compareChains(undefined, [cert('CN=db', 'CN=R3', 'AA')]), undefined);
});

test('a renewal under the same intermediate is reported without blaming the issuer', () => {
  const c = compareChains([cert('CN=db', 'CN=R3', 'AA', '2026-12-01T00:00:00Z')], [cert('CN=db', 'CN=R3', 'BB', '2027-03-01T00:00:00Z')]);
  assert.ok(c);
  assert.equal(c.issuerChanged, false);
  assert.doesNotMatch(c.note, /no longer by/);
});

test('renewed under another intermediate: the issuer change is said plainly and added to ca-untrusted', () => {
  const c = compareChains([cert('CN=db', 'CN=R3', 'AA'), cert('CN=R3', 'CN=Root X1', 'CC')], [cert('CN=db', 'CN=R10', 'BB'), cert('CN=R10', 'CN=Root X2', 'DD')]);
  assert.ok(c);
  assert.equal(c.issuerChanged, true);
  assert.equal(c.rootChanged, true);
  assert.match(c.note, /now issued by CN=R10, no longer by CN=R3/);
  const f = finding('ca-untrusted', 'untrusted', 'detail');
  const other = finding('legacy-tls-enabled', 'legacy', 'detail');
  annotateRenewal([f, other], c);
  assert.match(f.detail, /^The server certificate changed/);
  assert.deepEqual(f.evidence.renewal, { previousIssuer: 'CN=R3', currentIssuer: 'CN=R10' });
  assert.equal(other.detail, 'detail');
});
