// The certificate analysis against the real MariaDB lab: the chain each server actually presents
// (read from a live handshake) gets the verdict the server was built for, the real `mariadb`
// client agrees with that verdict, and the lab's broken files give the findings they were made for.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test, type TestContext } from 'node:test';
import { verifyChain, type ChainVerdict } from '../../src/engine/certs/chain';
import { checkDates } from '../../src/engine/certs/dates';
import { checkLocalFiles } from '../../src/engine/certs/files';
import { matchHostname } from '../../src/engine/certs/hostname';
import { readPemCertificates } from '../../src/engine/certs/x509';
import { tlsHandshake } from '../../src/engine/probe';
import { mariadbClient } from '../helpers/lab-clients';
import { labOrSkip, type LabFileName, type LabManifest, type LabServerName } from './manifest';

/** The chain a server really sends, leaf first. */
async function presented(lab: LabManifest, name: LabServerName): Promise<X509Certificate[]> {
  const s = lab.servers[name];
  const r = await tlsHandshake(
    { host: s.host, port: s.port, servername: 'localhost' },
    { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' },
    { timeoutMs: 10_000 },
  );
  assert.ok(r.chainDer.length > 0, `${name}: no certificate presented (${r.error ?? r.alert ?? r.failure?.message})`);
  return r.chainDer.map((der) => new X509Certificate(der));
}

function trustFile(lab: LabManifest, file: LabFileName): X509Certificate[] {
  const r = readPemCertificates(readFileSync(lab.files[file], 'utf8'));
  assert.deepEqual(r.problems, []);
  return r.certs;
}

interface Expectation {
  server: LabServerName;
  trust: LabFileName;
  status: ChainVerdict['status'];
  missingIssuer?: string;
  dateKind?: 'expired' | 'not-yet-valid';
  /** host -> whether the certificate is issued for it */
  hosts: Record<string, boolean>;
}

const LOCAL = { localhost: true, '127.0.0.1': true, '::1': true };
const EXPECTED: Expectation[] = [
  { server: 'healthy', trust: 'ca', status: 'trusted', hosts: LOCAL },
  { server: 'expired', trust: 'ca', status: 'trusted', dateKind: 'expired', hosts: LOCAL },
  { server: 'not-yet-valid', trust: 'ca', status: 'trusted', dateKind: 'not-yet-valid', hosts: LOCAL },
  // The CA file holds the lab CA with past dates: the chain is built through it, so it is what expired.
  { server: 'healthy', trust: 'ca-expired', status: 'trusted', dateKind: 'expired', hosts: LOCAL },
  { server: 'other-ca', trust: 'ca', status: 'untrusted', missingIssuer: 'CN=TLS Doctor Other CA', hosts: LOCAL },
  { server: 'other-ca', trust: 'ca-other', status: 'trusted', hosts: LOCAL },
  { server: 'no-intermediate', trust: 'root-only', status: 'intermediate-missing', missingIssuer: 'CN=TLS Doctor Lab Intermediate', hosts: LOCAL },
  { server: 'no-intermediate', trust: 'root-and-intermediate', status: 'trusted', hosts: LOCAL },
  { server: 'with-intermediate', trust: 'root-only', status: 'trusted', hosts: LOCAL },
  // The intermediate was sent; the CA file is another CA: a wrong CA, not a missing intermediate.
  { server: 'with-intermediate', trust: 'ca', status: 'untrusted', missingIssuer: 'CN=TLS Doctor Lab Root', hosts: LOCAL },
  { server: 'wrong-san', trust: 'ca', status: 'trusted', hosts: { localhost: false, '127.0.0.1': false, 'db.example.com': true } },
  { server: 'ip-only-san', trust: 'ca', status: 'trusted', hosts: { localhost: false, '127.0.0.1': true, '::1': false } },
  { server: 'tls13-only', trust: 'ca', status: 'trusted', hosts: LOCAL },
  { server: 'legacy-only', trust: 'ca', status: 'trusted', hosts: LOCAL },
];

/** Whether a client that checks chain, dates and the host name (VERIFY_IDENTITY) accepts it. */
function wouldVerify(chain: X509Certificate[], trust: X509Certificate[], host: string): boolean {
  const v = verifyChain(chain, trust);
  const errors = pathDates(v).filter((d) => d.kind !== 'expiring-soon');
  return v.status === 'trusted' && errors.length === 0 && matchHostname(host, chain[0]).matches;
}

/** Date problems along the path a client builds (trust anchor included), not along what was sent. */
function pathDates(v: ChainVerdict) {
  return checkDates(v.path.map((p) => p.cert), new Date(), 0);
}

function lab(t: TestContext): LabManifest | undefined {
  return labOrSkip(t);
}

describe('lab certs', () => {
  for (const e of EXPECTED) {
    test(`${e.server} server checked against ${e.trust}: ${e.status}${e.dateKind ? `, ${e.dateKind}` : ''}`, async (t) => {
      const l = lab(t);
      if (!l) return;
      const chain = await presented(l, e.server);
      const v = verifyChain(chain, trustFile(l, e.trust));
      assert.equal(v.status, e.status, v.detail);
      if (e.missingIssuer) assert.equal(v.missingIssuer, e.missingIssuer);
      const kinds = pathDates(v).map((d) => d.kind);
      assert.deepEqual(kinds, e.dateKind ? [e.dateKind] : []);
      for (const [host, matches] of Object.entries(e.hosts)) {
        assert.equal(matchHostname(host, chain[0]).matches, matches, `${e.server}: ${host}`);
      }
    });
  }

  test('IP-only SAN server and a client on localhost: 127.0.0.1 is the name offered', async (t) => {
    const l = lab(t);
    if (!l) return;
    const m = matchHostname('localhost', (await presented(l, 'ip-only-san'))[0]);
    assert.deepEqual(m.suggestions, ['127.0.0.1']);
  });

  test('the chain read from ssl_cert starts with the certificate the server presents', async (t) => {
    const l = lab(t);
    if (!l) return;
    for (const name of ['healthy', 'with-intermediate', 'no-intermediate'] as const) {
      const fromFile: X509Certificate[] = readPemCertificates(readFileSync(l.servers[name].config.ssl_cert, 'utf8')).certs;
      const live = await presented(l, name);
      assert.equal(fromFile[0].fingerprint256, live[0].fingerprint256, name);
      assert.equal(live.length >= fromFile.length, true, name);
    }
  });

  // The reference: the real mariadb client with --ssl-verify-server-cert over TCP to 127.0.0.1.
  for (const e of EXPECTED.filter((x) => x.server !== 'legacy-only')) {
    test(`the mariadb client agrees with the verdict: ${e.server} trusting ${e.trust}`, async (t) => {
      const l = lab(t);
      if (!l) return;
      const s = l.servers[e.server];
      const expectOk = wouldVerify(await presented(l, e.server), trustFile(l, e.trust), '127.0.0.1');
      const r = await mariadbClient(s, 'SELECT 1', { user: l.users.plain, password: l.password, tls: true, ca: l.files[e.trust], verifyServerCert: true });
      assert.equal(r.code === 0, expectOk, `mariadb exited ${r.code}: ${r.stderr.trim()}`);
    });
  }

  test("the lab's broken files give the finding each was made for", (t) => {
    const l = lab(t);
    if (!l) return;
    const f = l.files;
    const codes = (tls: Parameters<typeof checkLocalFiles>[0]) =>
      checkLocalFiles(tls, { now: new Date(), warnDays: 0 }).findings.map((x) => `${x.code}:${x.param}`);
    assert.deepEqual(codes({ ca: f.ca, cert: f['client-cert'], key: f['client-key'] }), []);
    assert.deepEqual(codes({ ca: f['ca-der'] }), ['file-der-encoded:ca']);
    assert.deepEqual(codes({ ca: f['ca-truncated'] }), ['file-truncated:ca']);
    assert.deepEqual(codes({ ca: f['key-as-ca'] }), ['file-wrong-kind:ca']);
    assert.deepEqual(codes({ ca: f.missing }), ['file-missing:ca']);
    assert.deepEqual(codes({ cert: f['client-cert-expired'], key: f['client-key'] }), ['client-cert-expired:cert', 'key-cert-mismatch:key']);
    assert.deepEqual(codes({ cert: f['client-cert'], key: f['client-key-mismatched'] }), ['key-cert-mismatch:key']);
    assert.deepEqual(codes({ cert: f['client-cert'], key: f['client-key-encrypted'] }), ['key-encrypted:key']);
    assert.deepEqual(codes({ cert: f['client-cert'], key: f['client-key-encrypted'], keyPassphrase: true }), []);
  });
  test('with-intermediate server, CA file is another CA: the detail names the root the CA file lacks', async (t) => {
    const l = lab(t);
    if (!l) return;
    const v = verifyChain(await presented(l, 'with-intermediate'), trustFile(l, 'ca'));
    assert.equal(v.status, 'untrusted');
    assert.match(v.detail, /the chain ends at an issuer \(CN=TLS Doctor Lab Root\) the CA file does not hold/);
    assert.match(v.detail, /TLS Doctor Lab CA/);
  });

  test('ssl-cert without ssl-key: the mariadb client fails, and so does the check', async (t) => {
    const l = lab(t);
    if (!l) return;
    const s = l.servers.healthy;
    const r = await mariadbClient(s, 'SELECT 1', { user: l.users.plain, password: l.password, tls: true, ca: l.files.ca, cert: l.files['client-cert'] });
    assert.notEqual(r.code, 0, 'the real client accepted a certificate without its key');
    assert.ok(!r.stderr.includes(l.password) && !r.stdout.includes(l.password));
    const found = checkLocalFiles({ ca: l.files.ca, cert: l.files['client-cert'] }, { now: new Date(), warnDays: 0 }).findings;
    assert.deepEqual(found.map((x) => `${x.code}:${x.param}`), ['file-wrong-kind:key']);
    const paired = await mariadbClient(s, 'SELECT 1', { user: l.users.plain, password: l.password, tls: true, ca: l.files.ca, cert: l.files['client-cert'], key: l.files['client-key'] });
    assert.equal(paired.code, 0, 'the pair is accepted');
  });
});

test('the mariadb client accepts "127.000.000.001" against an IP SAN 127.0.0.1, as the OpenSSL host rules say', async (t) => {
  const l = labOrSkip(t);
  if (!l) return;
  const s = l.servers.healthy;
  const host = '127.000.000.001';
  const r = await mariadbClient({ host, port: s.port }, 'SELECT 1', { user: l.users.plain, password: l.password, tls: true, ca: l.files.ca, verifyServerCert: true });
  const leaf = (await presented(l, 'healthy'))[0];
  assert.equal(r.code === 0, matchHostname(host, leaf, 'openssl').matches, `mariadb exited ${r.code}: ${r.stderr.trim()}`);
  assert.equal(r.code, 0, r.stderr);
});
