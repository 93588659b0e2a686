// The offline analysis (what `lint` and the editor say before anything connects) and the live
// diagnosis of the same connection against the lab's real servers never contradict: every offline
// finding is in the live report (or restated there with what the server showed), with the same
// severity, and a live all-clear never stands beside an offline error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import type { DriverId } from '../../src/engine/model/connection';
import type { Finding } from '../../src/engine/model/finding';
import { analyzeStatic } from '../../src/engine/static/analyze';
import { labOrSkip, type LabManifest, type LabServerName } from './manifest';

interface Case {
  server: LabServerName;
  query: (lab: LabManifest) => string;
  driver?: DriverId;
  scheme?: 'mysql' | 'jdbc:mysql' | 'jdbc:mariadb';
}

const CASES: Record<string, Case> = {
  'verified with its CA': { server: 'healthy', query: (l) => `ssl-mode=VERIFY_IDENTITY&ssl-ca=${l.files.ca}` },
  'required without verification': { server: 'healthy', query: () => 'ssl-mode=REQUIRED' },
  'the mysql client default (PREFERRED)': { server: 'healthy', query: () => '' },
  'TLS turned off': { server: 'healthy', query: () => 'ssl-mode=DISABLED' },
  'PREFERRED against a server without TLS': { server: 'tls-disabled', query: () => 'ssl-mode=PREFERRED' },
  'REQUIRED against a server without TLS': { server: 'tls-disabled', query: () => 'ssl-mode=REQUIRED' },
  'a CA file that expired': { server: 'healthy', query: (l) => `ssl-mode=VERIFY_CA&ssl-ca=${l.files['ca-expired']}` },
  'a CA file that does not exist': { server: 'healthy', query: (l) => `ssl-mode=VERIFY_CA&ssl-ca=${l.files.missing}` },
  'a DER CA file': { server: 'healthy', query: (l) => `ssl-mode=VERIFY_IDENTITY&ssl-ca=${l.files['ca-der']}` },
  'a truncated CA file': { server: 'healthy', query: (l) => `ssl-mode=VERIFY_IDENTITY&ssl-ca=${l.files['ca-truncated']}` },
  'a key where the CA belongs': { server: 'healthy', query: (l) => `ssl-mode=VERIFY_IDENTITY&ssl-ca=${l.files['key-as-ca']}` },
  'an expired client certificate': {
    server: 'healthy',
    query: (l) => `ssl-mode=VERIFY_IDENTITY&ssl-ca=${l.files.ca}&ssl-cert=${l.files['client-cert-expired']}&ssl-key=${l.files['client-cert-expired'].replace(/\.pem$/, '-key.pem')}`,
  },
  'a client key of another certificate': {
    server: 'healthy',
    query: (l) => `ssl-mode=VERIFY_IDENTITY&ssl-ca=${l.files.ca}&ssl-cert=${l.files['client-cert']}&ssl-key=${l.files['client-key-mismatched']}`,
  },
  'an encrypted client key': {
    server: 'healthy',
    query: (l) => `ssl-mode=VERIFY_IDENTITY&ssl-ca=${l.files.ca}&ssl-cert=${l.files['client-cert']}&ssl-key=${l.files['client-key-encrypted']}`,
  },
  'TLS 1.1 allowed, against a legacy server': { server: 'legacy-only', query: () => 'ssl-mode=REQUIRED&tls-version=TLSv1.1,TLSv1.2' },
  'TLS 1.1 allowed, against a TLS 1.3-only server': { server: 'tls13-only', query: (l) => `ssl-mode=VERIFY_IDENTITY&ssl-ca=${l.files.ca}&tls-version=TLSv1.1` },
  'mysql2 given ssl-mode, which it does not read': { server: 'healthy', driver: 'mysql2', query: () => 'ssl-mode=VERIFY_IDENTITY' },
  "PostgreSQL's sslmode=require in a mysql2 URL": { server: 'healthy', driver: 'mysql2', query: () => 'sslmode=require' },
  'Connector/J with the legacy useSSL': { server: 'healthy', scheme: 'jdbc:mysql', query: () => 'useSSL=true&requireSSL=true' },
  'MariaDB Connector/J trusting any certificate': { server: 'healthy', scheme: 'jdbc:mariadb', query: () => 'sslMode=trust' },
};

/** The live finding that says what `f` said, if any (same code and setting, or its observed form). */
function counterpart(f: Finding, live: Finding[]): Finding | undefined {
  if (f.code === 'tls-optional') return live.find((l) => l.code === 'tls-optional' || l.code === 'plaintext-fallback');
  return live.find((l) => l.code === f.code && l.param === f.param && (f.evidence.from === undefined || l.evidence.from === f.evidence.from));
}

const NO_SESSION = ['tls-version-mismatch', 'cipher-mismatch', 'server-tls-disabled', 'tls-handshake-failed'];

for (const [name, c] of Object.entries(CASES)) {
  test(`offline and live agree: ${name}`, async (t) => {
    const lab = labOrSkip(t);
    if (!lab) return;
    const scheme = c.scheme ?? 'mysql';
    const q = c.query(lab);
    const url = `${scheme}://${lab.users.plain}@127.0.0.1:${lab.servers[c.server].port}/${scheme === 'mysql' ? '' : 'labdb'}${q ? `?${q}` : ''}`;
    const { connection } = parseConnectionString(url);
    assert.ok(connection, url);
    if (c.driver) connection.driver = c.driver;
    const offline = analyzeStatic(connection, { text: url }).findings;
    const live = (await diagnose(connection, { timeoutMs: 4000, auth: false, sourceText: url })).findings;
    const said = (fs: Finding[]) => fs.map((f) => `${f.code}(${f.severity})`).join(', ');
    const noSession = live.some((l) => NO_SESSION.includes(l.code));
    for (const f of offline) {
      if (noSession && f.code === 'verification-disabled') continue;
      const l = counterpart(f, live);
      assert.ok(l, `offline ${f.code} is missing from the live report: offline [${said(offline)}], live [${said(live)}]`);
      if (l.code === f.code) assert.equal(l.severity, f.severity, `${f.code}: same severity offline and live`);
    }
    if (live.some((l) => l.code === 'tls-ok')) {
      assert.deepEqual(offline.filter((f) => f.severity === 'error'), [], 'no live all-clear beside an offline error');
    }
  });
}
