// The probe against the REAL MariaDB lab servers (test/lab/manifest.ts), compared with what the
// servers are configured with and with sslscan's view of the same ports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { enumerateTls, readGreeting, tlsHandshake } from '../../src/engine/probe';
import type { TlsVersion } from '../../src/engine/model/connection';
import { labOrSkip, type LabManifest, type LabServerName } from './manifest';

const o = { timeoutMs: 5000 };
const NONE: Record<TlsVersion, boolean> = { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false };

function target(lab: LabManifest, name: LabServerName) {
  return { host: '127.0.0.1', port: lab.servers[name].port };
}

const EXPECTED_VERSIONS: [LabServerName, TlsVersion[]][] = [
  ['healthy', ['TLSv1.2', 'TLSv1.3']],
  ['tls13-only', ['TLSv1.3']],
  ['tls12-only', ['TLSv1.2']],
  ['legacy-only', ['TLSv1', 'TLSv1.1']],
  ['one-cipher', ['TLSv1.2']],
];

for (const [name, versions] of EXPECTED_VERSIONS) {
  test(`MariaDB '${name}' (tls_version ${versions.join(',')}): enumeration sees exactly those versions`, async (t) => {
    const lab = labOrSkip(t);
    if (!lab) return;
    const r = await enumerateTls(target(lab, name), o);
    assert.equal(r.failure, undefined);
    const expected = { ...NONE };
    for (const v of versions) expected[v] = true;
    assert.deepEqual(r.protocols, expected, r.notes.join('; '));
  });
}

test("MariaDB limited to TLS 1.0/1.1: Node's own handshake is refused, the hand-written hellos still see both", async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const node = await tlsHandshake(target(lab, 'legacy-only'), {}, o);
  assert.equal(node.ok, false);
  assert.equal(node.failure, undefined);
  const scan = await enumerateTls(target(lab, 'legacy-only'), o);
  assert.equal(scan.protocols.TLSv1, true);
  assert.equal(scan.protocols['TLSv1.1'], true);
  const permissive = await tlsHandshake(target(lab, 'legacy-only'), { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, o);
  assert.equal(permissive.ok, true, permissive.error);
  assert.equal(permissive.protocol, 'TLSv1.1');
});

test('MariaDB with a single ssl_cipher: enumeration lists that one suite only', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await enumerateTls(target(lab, 'one-cipher'), { ...o, ciphers: true });
  assert.deepEqual(r.ciphers, { 'TLSv1.2': [lab.servers['one-cipher'].config.ssl_cipher ?? 'ECDHE-RSA-AES128-GCM-SHA256'] });
});

test('MariaDB started with skip-ssl: greeting without CLIENT_SSL', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const r = await readGreeting(target(lab, 'tls-disabled'), o);
  assert.equal(r.failure, undefined);
  assert.match(r.greeting?.serverVersion ?? '', /^10\.11\.\d+-MariaDB/);
  assert.equal(r.greeting?.tlsSupported, false);
  const healthy = await readGreeting(target(lab, 'healthy'), o);
  assert.equal(healthy.greeting?.tlsSupported, true);
});

test('server sends only its leaf (no-intermediate): one certificate, in the handshake and in clear', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const h = await tlsHandshake(target(lab, 'no-intermediate'), {}, o);
  assert.equal(h.ok, true, h.error);
  assert.equal(h.chainDer.length, 1);
  const e = await enumerateTls(target(lab, 'no-intermediate'), { ...o, versions: ['TLSv1.2'] });
  assert.equal(e.plainChainDer?.length, 1);
  assert.deepEqual(e.plainChainDer?.[0], h.chainDer[0]);
});

test('server sends leaf + intermediate (with-intermediate): two certificates, leaf first', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const h = await tlsHandshake(target(lab, 'with-intermediate'), {}, o);
  assert.equal(h.ok, true, h.error);
  assert.equal(h.chainDer.length, 2);
  const e = await enumerateTls(target(lab, 'with-intermediate'), { ...o, versions: ['TLSv1.2'] });
  assert.deepEqual(e.plainChainDer, h.chainDer);
  const { X509Certificate } = await import('node:crypto');
  const [leaf, intermediate] = h.chainDer.map((d) => new X509Certificate(d));
  assert.ok(leaf.checkIssued(intermediate), 'the second certificate issued the first');
});

test('negotiated protocol follows the server: TLS 1.3 on healthy, TLS 1.2 on tls12-only', async (t) => {
  const lab = labOrSkip(t);
  if (!lab) return;
  const healthy = await tlsHandshake(target(lab, 'healthy'), {}, o);
  assert.equal(healthy.protocol, 'TLSv1.3');
  const twelve = await tlsHandshake(target(lab, 'tls12-only'), {}, o);
  assert.equal(twelve.protocol, 'TLSv1.2');
  assert.match(twelve.cipher ?? '', /^ECDHE-RSA-/);
  const refused = await tlsHandshake(target(lab, 'tls13-only'), { maxVersion: 'TLSv1.2' }, o);
  assert.equal(refused.ok, false);
  assert.equal(refused.alert, 'protocol_version');
});

for (const name of ['healthy', 'legacy-only'] as const) {
  test(`cipher lists of '${name}' equal sslscan --starttls-mysql on the same port`, async (t) => {
    const lab = labOrSkip(t);
    if (!lab) return;
    const port = lab.servers[name].port;
    let out: string;
    try {
      out = (await promisify(execFile)('sslscan', ['--no-colour', '--starttls-mysql', `127.0.0.1:${port}`], { timeout: 60_000 })).stdout;
    } catch (e) {
      return assert.fail(`sslscan did not run (scripts/install-test-deps.sh installs it): ${(e as Error).message}`);
    }
    const theirs = sslscanCiphers(out);
    const ours = await enumerateTls(target(lab, name), { ...o, ciphers: true });
    assert.ok(Object.keys(theirs).length > 0, 'sslscan listed some ciphers');
    for (const v of Object.keys(theirs) as TlsVersion[]) {
      assert.deepEqual([...(ours.ciphers[v] ?? [])].sort(), [...theirs[v]!].sort(), v);
    }
    assert.deepEqual(Object.keys(ours.ciphers).sort(), Object.keys(theirs).sort());
  });
}

/** `Accepted  TLSv1.2  256 bits  ECDHE-RSA-AES256-GCM-SHA384 …` lines, by version. */
function sslscanCiphers(out: string): Partial<Record<TlsVersion, string[]>> {
  const byVersion: Partial<Record<TlsVersion, string[]>> = {};
  for (const line of out.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'Accepted' && f[0] !== 'Preferred') continue;
    const v = (f[1] === 'TLSv1.0' ? 'TLSv1' : f[1]) as TlsVersion;
    (byVersion[v] ??= []).push(f[4]);
  }
  return byVersion;
}
