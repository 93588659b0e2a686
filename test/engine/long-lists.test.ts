// A certificate with thousands of SANs, or a chain of hundreds of certificates, is read as a
// summary by people (the first few, then "and N more"); JSON keeps every name.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeServer, type FakeServer } from '../../src/engine/demo/fakeServer';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import type { CertSummary, DiagnosisReport } from '../../src/engine/model/report';
import { renderMarkdown } from '../../src/engine/report/markdown';
import { renderText } from '../../src/engine/report/text';

const SANS = 3000;
let dir: string;
let server: FakeServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'many-sans-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-subj', '/CN=Many Names CA', '-days', '30', '-out', 'ca.pem');
  const names = Array.from({ length: SANS }, (_, i) => `DNS:db${String(i).padStart(4, '0')}.example.com`);
  writeFileSync(join(dir, 'leaf.ext'), `subjectAltName=${names.join(',')}\n`);
  ssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-subj', '/CN=db0000.example.com', '-out', 'leaf.csr');
  ssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'leaf.ext', '-out', 'leaf.pem');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  server = await startFakeServer({ greetingTls: true, tls: { key: read('leaf.key'), cert: read('leaf.pem') } });
});
after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a certificate with 3,000 SANs and a host it does not name: the mismatch, the text and the report list eight names and "and 2,992 more"', async () => {
  const text = `mysql://app@127.0.0.1:${server.port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=${join(dir, 'ca.pem')}`;
  const { connection } = parseConnectionString(text);
  assert.ok(connection);
  const r = await diagnose(connection, { timeoutMs: 5000, auth: false });
  assert.equal(r.server.chain?.[0].san.length, SANS, 'JSON keeps every name');
  const mismatch = r.findings.find((f) => f.code === 'hostname-mismatch');
  assert.ok(mismatch, r.findings.map((f) => f.code).join(', '));
  assert.match(mismatch.detail, /and 2,992 more/);
  assert.ok(mismatch.detail.length < 1000, `detail is ${mismatch.detail.length} characters`);
  const plain = { bold: (s: string) => s, dim: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s };
  for (const [surface, out] of [['text', renderText(r, plain)], ['Markdown', renderMarkdown(r)]] as const) {
    assert.ok(out.length < 8000, `${surface} is ${out.length} characters`);
    assert.match(out, /and 2,992 more/, surface);
    assert.ok(!out.includes('db2999.example.com'), `${surface} lists the last name`);
  }
});

test('a chain of 300 certificates: the text and the report show the first six and "and 294 more certificate(s)"', () => {
  const cert = (i: number): CertSummary => ({
    subject: `CN=Level ${i}`, issuer: `CN=Level ${i + 1}`, notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z',
    san: [], sha256: 'AB:CD',
  });
  const r: DiagnosisReport = {
    version: 1,
    target: { host: 'db.example.com', port: 3306, dialect: 'uri', driver: 'mysql-cli', sslMode: 'VERIFY_IDENTITY' },
    server: { reachable: true, tlsSupported: true, chain: Array.from({ length: 300 }, (_, i) => cert(i)) },
    findings: [],
    durationMs: 1,
  };
  const plain = { bold: (s: string) => s, dim: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s };
  for (const [surface, out] of [['text', renderText(r, plain)], ['Markdown', renderMarkdown(r)]] as const) {
    assert.match(out, /and 294 more certificate\(s\)/, surface);
    assert.ok(!out.includes('CN=Level 299'), `${surface} lists the last certificate`);
    assert.ok(out.includes('CN=Level 5'), `${surface} shows the sixth`);
  }
});
