// Explaining a pasted TLS error: the stored corpus of real (recorded on the MariaDB lab) and
// documented messages, whole stack traces and JSON error objects, the notes on misleading
// messages, and honest "no known cause" for text nothing recognises.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainError } from '../../src/engine/explain/index';
import { ADVICE } from '../../src/engine/explain/advice';
import { FINDING_CODES, type FindingCode } from '../../src/engine/model/finding';
import { readCorpus } from '../../scripts/record-client-errors/corpus';

const corpus = readCorpus();

function codes(text: string): FindingCode[] {
  return explainError(text).findings.map((f) => f.code);
}

function misleadingText(text: string): string {
  return explainError(text).misleading.join('\n');
}

describe('the stored corpus of real and documented client messages', () => {
  test('holds well over 60 entries from every client family, each with its source', () => {
    assert.ok(corpus.length > 60, `only ${corpus.length} entries`);
    const families = new Set(corpus.map((e) => e.client));
    for (const c of ['mysql-cli', 'openssl', 'mysql2', 'node', 'boringssl', 'connector-j', 'pymysql', 'mysqlclient', 'mysql-connector-python', 'go', 'php-pdo', 'prisma']) {
      assert.ok(families.has(c), `no entry for ${c}`);
    }
    for (const e of corpus) {
      assert.ok(e.source.startsWith('recorded on the lab ') || /^https?:\/\//.test(e.source) || e.source.includes(' '), `${e.situation}: source`);
      assert.ok(e.expect.length > 0, `${e.situation}: expect is empty`);
      for (const code of e.expect) assert.ok(code in FINDING_CODES, `${e.situation}: unknown code ${code}`);
    }
  });

  test('recorded entries hide the lab password and its changing ports and folder', () => {
    for (const e of corpus.filter((x) => x.source.startsWith('recorded on the lab'))) {
      assert.ok(!/Canary/i.test(e.text), e.situation);
      assert.ok(!e.text.includes('tls-doctor-dev-lab') && !/\/tmp\/[\w-]*lab/.test(e.text), e.situation);
    }
  });

  for (const e of corpus) {
    test(`${e.client}: ${e.situation} -> ${e.expect.join(', ')}`, () => {
      const x = explainError(e.text);
      assert.equal(x.unknown, false);
      assert.deepEqual(x.findings.slice(0, e.expect.length).map((f) => f.code), e.expect, e.text);
      for (const f of x.findings) {
        const matched = f.evidence.matched as unknown[];
        assert.ok(Array.isArray(matched) && matched.length > 0, `${f.code} has no evidence`);
      }
    });
  }
});

describe('findings follow docs/CONTRACT.md and say what to check next', () => {
  test('expired server certificate in a mysql CLI error', () => {
    const x = explainError('ERROR 2026 (HY000): TLS/SSL error: certificate has expired');
    const f = x.findings[0];
    assert.equal(f.code, 'cert-expired');
    assert.equal(f.severity, FINDING_CODES['cert-expired'].severity);
    assert.equal(f.cause, 1);
    assert.match(f.detail, /Check next:/);
    assert.match(f.detail, /mysql-tls-doctor diagnose/);
    assert.ok(f.fixes.length > 0);
    assert.ok(x.checks.some((c) => c.includes('mysql-tls-doctor diagnose')));
    assert.deepEqual(x.matches.map((m) => m.client).sort(), ['mysql-cli', 'openssl']);
  });

  test('several messages naming one cause give one finding with all their evidence', () => {
    const text = [
      'verify error:num=10:certificate has expired',
      'Verify return code: 10 (certificate has expired)',
      '40E7:error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed',
    ].join('\n');
    const x = explainError(text);
    assert.deepEqual(x.findings.map((f) => f.code), ['cert-expired']);
    const patterns = (x.findings[0].evidence.matched as Array<{ pattern: string }>).map((m) => m.pattern);
    assert.ok(patterns.includes('x509 verify code 10'));
    assert.ok(patterns.includes('x509 certificate has expired'));
    assert.ok(patterns.includes('error:0A000086'));
  });

  test('the specific reason ranks before the generic 2026 and "certificate verify failed"', () => {
    assert.deepEqual(codes('ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed: self-signed certificate'), ['ca-untrusted', 'ca-not-configured']);
    assert.equal(codes('SSL connection error: certificate verify failed (hostname mismatch)')[0], 'hostname-mismatch');
  });

  test('certificate verify failed with no reason lists the usual causes, untrusted CA first', () => {
    assert.deepEqual(codes('ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed'), ['ca-untrusted', 'intermediate-missing', 'cert-expired', 'hostname-mismatch']);
  });

  test('an error code alone, without its reason text, is decoded (OpenSSL 1.1 and 3 layouts)', () => {
    assert.deepEqual(codes('SSL connection error: error:1408F10B'), ['server-tls-disabled', 'tls-version-mismatch']);
    assert.deepEqual(codes('error:0A00042E'), ['tls-version-mismatch']);
    assert.deepEqual(codes('error:14094410'), ['cipher-mismatch', 'tls-version-mismatch']);
    assert.deepEqual(codes('error:0A0000C1'), ['cipher-mismatch']);
    assert.deepEqual(codes('error:1416F086'), ['ca-untrusted', 'intermediate-missing', 'cert-expired', 'hostname-mismatch']);
    assert.deepEqual(codes('error:0A00010B'), ['server-tls-disabled', 'tls-version-mismatch']);
    assert.deepEqual(codes('error:0A000102'), ['tls-version-mismatch']);
    assert.deepEqual(codes('error:0A000410'), ['cipher-mismatch', 'tls-version-mismatch']);
    assert.deepEqual(codes('error:0A000438'), ['tls-version-mismatch', 'cipher-mismatch']);
    assert.deepEqual(codes('error:05800074'), ['key-cert-mismatch']);
    assert.deepEqual(codes('error:0480006C'), ['file-der-encoded', 'file-wrong-kind']);
  });

  test('X509 verify numbers from s_client name their cause', () => {
    assert.deepEqual(codes('verify error:num=9:'), ['cert-not-yet-valid']);
    assert.deepEqual(codes('Verify return code: 18'), ['ca-untrusted', 'ca-not-configured']);
    assert.deepEqual(codes('Verify return code: 21 (unable to verify the first certificate)'), ['intermediate-missing', 'ca-untrusted']);
    assert.deepEqual(codes('Verify return code: 62'), ['hostname-mismatch']);
    assert.equal(explainError('Verify return code: 0 (ok)').findings.length, 0);
  });

  test('a REQUIRE SSL account seen as 1045 is a possible cause, not a certainty; a plain refused login the other', () => {
    const x = explainError("ERROR 1045 (28000): Access denied for user 'app'@'10.0.0.5' (using password: YES)");
    assert.deepEqual(x.findings.map((f) => f.code), ['account-requires-tls', 'login-refused']);
    assert.match(x.findings[0].detail, /does not prove it/);
    assert.match(x.misleading.join(' '), /password is wrong or the account requires TLS/);
  });

  test('a precise message is said to name its cause', () => {
    assert.match(explainError('TLS requested but server does not support TLS').findings[0].detail, /names this cause/);
  });
});

describe('text nothing recognises', () => {
  for (const text of ['', 'hello world', 'Segmentation fault (core dumped)', '{"ok":true}', 'ERROR 1064 (42000): You have an error in your SQL syntax']) {
    test(`"${text}" is an honest unknown with the generic checks`, () => {
      const x = explainError(text);
      assert.equal(x.unknown, true);
      assert.deepEqual(x.findings, []);
      assert.deepEqual(x.matches, []);
      assert.ok(x.checks.length >= 3);
      assert.ok(x.checks.some((c) => c.includes('mysql-tls-doctor diagnose HOST:PORT')));
    });
  }

  test('a bare 2026 is recognised as a failed handshake but no cause is guessed', () => {
    const x = explainError('ERROR 2026 (HY000): SSL connection error');
    assert.equal(x.unknown, false);
    assert.deepEqual(x.findings, []);
    assert.ok(x.checks.some((c) => c.includes('mysql-tls-doctor diagnose')));
  });

  test('a value that is not a string is treated as empty text', () => {
    assert.equal(explainError(undefined as unknown as string).unknown, true);
    assert.equal(explainError(42 as unknown as string).unknown, true);
  });

  test('words inside longer words do not match (FileNotFoundError is not ENOTFOUND)', () => {
    assert.deepEqual(codes('builtins.FileNotFoundError: [Errno 2] No such file or directory'), ['file-missing']);
  });
});

describe('whole stack traces and JSON error objects', () => {
  test('Connector/J trace: Communications link failure caused by an expired certificate', () => {
    const trace = [
      'com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure',
      '',
      'The last packet successfully received from the server was 12 milliseconds ago. The last packet sent successfully to the server was 11 milliseconds ago.',
      '\tat com.mysql.cj.jdbc.exceptions.SQLError.createCommunicationsException(SQLError.java:174)',
      '\tat com.mysql.cj.jdbc.ConnectionImpl.createNewIO(ConnectionImpl.java:828)',
      ...Array.from({ length: 40 }, (_, i) => `\tat org.example.Frame${i}.call(Frame${i}.java:${i + 10})`),
      'Caused by: javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed',
      '\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)',
      'Caused by: java.security.cert.CertificateExpiredException: NotAfter: Fri Jan 01 00:00:00 UTC 2021',
      '\t... 42 more',
    ].join('\n');
    const x = explainError(trace);
    assert.deepEqual(x.findings.map((f) => f.code), ['cert-expired']);
    assert.ok(!x.findings.some((f) => f.code === 'unreachable'), 'the wrapper must not win over its cause');
    assert.match(x.misleading.join('\n'), /Communications link failure/);
  });

  test('Communications link failure alone stays a guess at the network', () => {
    const x = explainError('com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure');
    assert.deepEqual(x.findings.map((f) => f.code), ['unreachable']);
    assert.match(x.findings[0].detail, /does not prove it/);
  });

  test('Node stack trace of a mysql2 handshake with a host name mismatch', () => {
    const trace = `Error: Hostname/IP does not match certificate's altnames: Host: db.internal. is not in the cert's altnames: DNS:localhost
    at Object.checkServerIdentity (node:tls:316:12)
    at TLSSocket.onConnectSecure (node:_tls_wrap:1683:27)
    at TLSSocket.emit (node:events:519:28) {
  reason: "Host: db.internal. is not in the cert's altnames: DNS:localhost",
  host: 'db.internal',
  code: 'HANDSHAKE_SSL_ERROR',
  fatal: true
}`;
    const x = explainError(trace);
    assert.deepEqual(x.findings.map((f) => f.code), ['hostname-mismatch']);
    assert.match(x.misleading.join('\n'), /HANDSHAKE_SSL_ERROR/);
  });

  test('a Python traceback ending in PyMySQL 2003 that wraps a verify failure', () => {
    const trace = `Traceback (most recent call last):
  File "/usr/lib/python3/dist-packages/pymysql/connections.py", line 613, in connect
    sock = self._ssl_sock(sock)
ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:992)

During handling of the above exception, another exception occurred:

pymysql.err.OperationalError: (2003, "Can't connect to MySQL server on 'db' ([SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:992))")`;
    const x = explainError(trace);
    assert.deepEqual(x.findings.map((f) => f.code), ['ca-untrusted', 'intermediate-missing', 'ca-not-configured']);
    assert.match(x.misleading.join('\n'), /PyMySQL reports a TLS failure as 2003/);
  });

  test('a JSON error object with escaped quotes and newlines', () => {
    const json = JSON.stringify({
      message: 'self-signed certificate in certificate chain',
      code: 'HANDSHAKE_SSL_ERROR',
      fatal: true,
      stack: 'Error: self-signed certificate in certificate chain\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34)',
    });
    assert.deepEqual(codes(json), ['ca-untrusted', 'ca-not-configured']);
    const nested = JSON.stringify({ error: JSON.stringify({ msg: 'x509: certificate is valid for "db.example.com", not localhost' }) });
    assert.deepEqual(codes(nested), ['hostname-mismatch']);
  });

  test('a JSON log line from Prisma with the OpenSSL reason inside', () => {
    const line = JSON.stringify({
      level: 'error',
      message: 'Error opening a TLS connection: error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../ssl/statem/statem_clnt.c:1889: (unable to get local issuer certificate)',
      code: 'P1011',
    });
    assert.deepEqual(codes(line), ['ca-untrusted', 'intermediate-missing', 'ca-not-configured']);
  });
});

describe('notes where a message is known to mislead', () => {
  test('OpenSSL "wrong version number": the server answered in plaintext', () => {
    const x = explainError('ERROR 2026 (HY000): SSL connection error: error:1408F10B:SSL routines:ssl3_get_record:wrong version number');
    assert.equal(x.findings[0].code, 'server-tls-disabled');
    assert.match(x.misleading.join('\n'), /not TLS at all/);
  });

  test('BoringSSL OPENSSL_internal:WRONG_VERSION_NUMBER in VS Code', () => {
    const text = 'Error: error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER';
    assert.equal(codes(text)[0], 'server-tls-disabled');
    assert.match(misleadingText(text), /BoringSSL/);
  });

  test('"unsupported protocol" means no TLS version in common', () => {
    const text = 'SSL connection error: error:1425F102:SSL routines:ssl_choose_client_version:unsupported protocol';
    assert.deepEqual(codes(text), ['tls-version-mismatch']);
    assert.match(misleadingText(text), /no TLS version in common/);
  });

  test('mysql2 HANDSHAKE_SSL_ERROR hides the TLS error code', () => {
    assert.match(misleadingText("{ code: 'HANDSHAKE_SSL_ERROR', message: 'certificate has expired' }"), /replaces Node's own TLS error code/);
  });

  test('self-signed certificate in the chain versus unable to get local issuer certificate', () => {
    const chain = misleadingText('certificate verify failed: self-signed certificate in certificate chain');
    const issuer = misleadingText('certificate verify failed: unable to get local issuer certificate');
    assert.match(chain, /does not mean the server certificate is self-signed/);
    assert.doesNotMatch(chain, /missing intermediate/);
    assert.match(issuer, /missing intermediate/);
    assert.doesNotMatch(issuer, /does not mean the server certificate is self-signed/);
  });

  test('JSSE "No appropriate protocol" is the client refusing before it asks the server', () => {
    const text = 'javax.net.ssl.SSLHandshakeException: No appropriate protocol (protocol is disabled or cipher suites are inappropriate)';
    assert.deepEqual(codes(text), ['tls-version-mismatch', 'cipher-mismatch']);
    assert.match(misleadingText(text), /jdk\.tls\.disabledAlgorithms/);
  });

  test('PDO [2002] wrapping an OpenSSL failure', () => {
    const text = [
      'PHP Warning:  PDO::__construct(): SSL operation failed with code 1. OpenSSL Error messages:',
      'error:0A000086:SSL routines::certificate verify failed in /var/www/db.php on line 4',
      'PDOException: SQLSTATE[HY000] [2002]',
    ].join('\n');
    const x = explainError(text);
    assert.equal(x.findings[0].code, 'ca-untrusted');
    assert.ok(!x.findings.some((f) => f.code === 'unreachable'));
    assert.match(x.misleading.join('\n'), /\[2002\]/);
  });

  test('TLS 1.3 client certificate rejected after the handshake looks like a lost connection (recorded on the lab)', () => {
    const x = explainError("ERROR 2013 (HY000): Lost connection to server at 'sending authentication information', system error: 104");
    assert.deepEqual(x.findings.map((f) => f.code), ['client-cert-expired', 'ca-untrusted']);
    assert.match(x.misleading.join('\n'), /TLS 1\.3/);
  });

  test('a precise message carries no misleading note', () => {
    assert.deepEqual(explainError('x509: certificate has expired or is not yet valid: current time 2026-01-01T00:00:00Z is after 2025-06-01T00:00:00Z').misleading, []);
    assert.deepEqual(explainError('TLS requested but server does not support TLS').misleading, []);
  });
});

describe('what explain echoes back', () => {
  test('a password in a pasted DSN, URL or JSON never appears in matches or findings', () => {
    const text = [
      '[mysql] 2026/01/01 packets.go:37: x509: certificate signed by unknown authority app:Hunter2-Secret@tcp(db:3306)/shop?tls=true',
      'jdbc:mysql://db/shop?user=app&password=Hunter2-Secret&sslMode=VERIFY_CA: PKIX path building failed',
      '{"password":"Hunter2-Secret","error":"certificate has expired"}',
      'mysql://app:Hunter2-Secret@db:3306/shop: unable to get local issuer certificate',
    ].join('\n');
    const out = JSON.stringify(explainError(text));
    assert.ok(out.includes('certificate'), 'the explanation should echo the messages');
    assert.ok(!out.includes('Hunter2-Secret'), 'the password leaked');
  });

  test('excerpts are at most about 200 characters, taken around the match', () => {
    const long = `${'x'.repeat(5000)} certificate has expired ${'y'.repeat(5000)}`;
    const m = explainError(long).matches[0];
    assert.ok(m.excerpt.length <= 200);
    assert.ok(m.excerpt.includes('certificate has expired'));
  });

  test('the cause at the end of a very long paste is still found', () => {
    const text = `${'at frame\n'.repeat(100_000)}Caused by: java.security.cert.CertificateExpiredException: NotAfter: 2021`;
    assert.equal(codes(text)[0], 'cert-expired');
  });
});

describe('what the message spells out makes the finding concrete', () => {
  test('Go names the host used and the names the certificate holds', () => {
    const f = explainError('x509: certificate is valid for db.example.com, db2.example.com, not localhost').findings[0];
    assert.equal(f.title, 'The host name localhost is not in the server certificate (it names db.example.com, db2.example.com)');
    assert.deepEqual(f.evidence.certNames, ['db.example.com', 'db2.example.com']);
    assert.deepEqual(f.fixes[0], { kind: 'set-host', title: 'Connect to db.example.com, a name the certificate lists', host: 'db.example.com', preferred: true });
    assert.deepEqual(f.fixes[1], { kind: 'generate-certs', title: 'Issue a server certificate whose SANs include localhost', hosts: ['localhost'], preferred: false });
  });

  test('Node altnames, a JDK host and a PHP CN are read the same way', () => {
    assert.equal(explainError("Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: db.internal. is not in the cert's altnames: DNS:mysql.example.com, IP Address:10.0.0.5").findings[0].evidence.host, 'db.internal');
    assert.equal(explainError('javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching db.internal found.').findings[0].evidence.host, 'db.internal');
    const php = explainError("Peer certificate CN=`proj-1234:instance' did not match expected CN=`10.1.2.3'").findings[0];
    assert.equal(php.evidence.host, '10.1.2.3');
    assert.ok(!php.fixes.some((x) => x.kind === 'set-host'), 'a Cloud SQL instance CN is not a host to connect to');
  });

  test('an expiry date in the message goes into the title', () => {
    assert.equal(explainError('x509: certificate has expired or is not yet valid: current time 2026-11-23T19:52:23Z is after 2021-01-01T00:00:00Z').findings[0].title, 'The server certificate expired 2021-01-01T00:00:00Z');
    const java = explainError('Caused by: java.security.cert.CertificateNotYetValidException: NotBefore: Sun Jan 01 00:00:00 UTC 2040').findings[0];
    assert.equal(java.code, 'cert-not-yet-valid');
    assert.equal(java.evidence.notBefore, 'Sun Jan 01 00:00:00 UTC 2040');
  });

  test('without such facts the title stays general and says no more than it knows', () => {
    assert.equal(explainError('ERROR 2026 (HY000): TLS/SSL error: Validation of SSL server certificate failed').findings[0].title, 'The host name used is not in the server certificate');
  });
});

describe('the next checks name the server the message was about', () => {
  test('a JDBC address, a Go DSN and a Prisma host go into the diagnose command', () => {
    const last = (text: string): string => explainError(text).checks.join('\n');
    assert.match(last('Could not connect to address=(host=db1)(port=3307)(type=master) : Received fatal alert: protocol_version'), /diagnose db1:3307/);
    assert.match(last("Error: P1001: Can't reach database server at `34.89.255.60`:`3306`"), /diagnose 34\.89\.255\.60:3306/);
    const go = last('[mysql] packets.go:37: app:Hunter2@tcp(10.0.0.2:3306)/shop tls: handshake failure');
    assert.match(go, /diagnose 10\.0\.0\.2:3306/);
    assert.ok(!go.includes('Hunter2'));
  });

  test('a host named without its port keeps the PORT placeholder', () => {
    const x = explainError("pymysql.err.OperationalError: (2003, \"Can't connect to MySQL server on 'db.internal' ([SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:992))\")");
    assert.match(x.checks.join('\n'), /diagnose db\.internal:PORT/);
    assert.match(x.findings[0].detail, /diagnose db\.internal:PORT/);
  });

  test('no server named: the generic HOST:PORT stays', () => {
    assert.match(explainError('TLS/SSL error: certificate has expired').checks.join('\n'), /diagnose HOST:PORT/);
  });
});

describe('the rule tables', () => {
  test('every rule has a unique name, known codes, a weight from 0 to 100 and needles that can match', async () => {
    const { ALL_RULES } = await import('../../src/engine/explain/index');
    const { normalizeNeedle } = await import('../../src/engine/explain/match');
    const names = new Set<string>();
    for (const r of ALL_RULES) {
      assert.ok(!names.has(`${r.client}/${r.pattern}`), `duplicate rule ${r.pattern}`);
      names.add(`${r.client}/${r.pattern}`);
      for (const c of r.codes) assert.ok(c in FINDING_CODES, `${r.pattern}: ${c}`);
      assert.ok(r.weight >= 0 && r.weight <= 100, r.pattern);
      for (const needle of r.needles) assert.ok(normalizeNeedle(needle).length >= 4, `${r.pattern}: needle "${needle}" is too short to mean anything`);
      // Each needle, pasted alone, is recognised by its own rule (no needle is shadowed by its guards).
      if (!r.followedBy) {
        for (const needle of r.needles) {
          const x = explainError(needle);
          assert.ok(x.matches.some((m) => m.pattern === r.pattern), `${r.pattern}: "${needle}" alone is not recognised`);
        }
      }
    }
  });

  test('an OpenSSL error code 0 names no cause, and none is guessed', () => {
    const x = explainError('ERROR 2026 (HY000): SSL connection error: error:00000000:lib(0)::reason(0)');
    assert.equal(x.unknown, false);
    assert.deepEqual(x.findings, []);
  });
});

test('every finding code but tls-ok has advice: the extension explains each one and says what to check', () => {
  const missing = (Object.keys(FINDING_CODES) as FindingCode[]).filter((c) => c !== 'tls-ok' && !ADVICE[c]);
  assert.deepEqual(missing, []);
  for (const code of ['tls-not-used', 'local-socket'] as const) {
    assert.ok(ADVICE[code]!.fixes.some((f) => f.preferred), `${code}: one fix is preferred`);
  }
});
