// MySQL 8's caching_sha2_password without TLS: clients that will not fetch the server's RSA key
// fail (2061, "Public Key Retrieval is not allowed"). No MariaDB server here names that plugin,
// so a protocol-level server plays MySQL 8's greeting on 127.0.0.1, with real TLS where offered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeServer, type FakeServer } from '../../src/engine/demo/fakeServer';
import { parseConnectionString } from '../../src/engine/dialects';
import { diagnose } from '../../src/engine/diagnose';
import type { DriverId } from '../../src/engine/model/connection';
import type { DiagnosisReport } from '../../src/engine/model/report';
import { testPki } from './probeFixtures';

let mysql8: FakeServer;
let mysql8NoTls: FakeServer;
let mariadb: FakeServer;
before(async () => {
  const pki = testPki();
  const tls = { key: pki.keyPem, cert: pki.chainPem };
  mysql8 = await startFakeServer({ greetingTls: true, tls, serverVersion: '8.0.36', authPlugin: 'caching_sha2_password' });
  mysql8NoTls = await startFakeServer({ greetingTls: false, serverVersion: '8.0.36', authPlugin: 'caching_sha2_password' });
  mariadb = await startFakeServer({ greetingTls: true, tls });
});
after(async () => {
  await Promise.all([mysql8.close(), mysql8NoTls.close(), mariadb.close()]);
});

async function run(server: FakeServer, text: string, driver?: DriverId): Promise<DiagnosisReport> {
  const { connection, problems } = parseConnectionString(text.replace('{port}', String(server.port)));
  assert.ok(connection, problems.map((p) => p.message).join('; '));
  return diagnose(connection, { timeoutMs: 3000, auth: false, driver });
}

const authFinding = (r: DiagnosisReport) => r.findings.find((f) => f.code === 'auth-needs-tls');
const codes = (r: DiagnosisReport) => r.findings.map((f) => f.code).join(', ');

describe('a MySQL 8 server whose accounts use caching_sha2_password', () => {
  test('Connector/J with useSSL=false: auth-needs-tls, an error naming "Public Key Retrieval is not allowed", TLS preferred as the fix', async () => {
    const r = await run(mysql8, 'jdbc:mysql://127.0.0.1:{port}/shop?useSSL=false');
    const f = authFinding(r);
    assert.ok(f, `got ${codes(r)}`);
    assert.equal(f.severity, 'error');
    assert.match(f.detail, /Public Key Retrieval is not allowed/);
    assert.equal(r.server.authPlugin, 'caching_sha2_password');
    const preferred = f.fixes.find((x) => x.preferred);
    assert.equal(preferred?.kind, 'set-ssl-mode');
    const retrieval = f.fixes.find((x) => x.title.includes('allowPublicKeyRetrieval'));
    assert.ok(retrieval?.givesUp, 'fetching the key from the server is offered only with what it gives up');
  });

  test('Connector/J with useSSL=false&allowPublicKeyRetrieval=true: the login works, only the plaintext warning stays', async () => {
    const r = await run(mysql8, 'jdbc:mysql://127.0.0.1:{port}/shop?useSSL=false&allowPublicKeyRetrieval=true');
    assert.equal(authFinding(r), undefined, codes(r));
    assert.ok(r.findings.some((f) => f.code === 'tls-not-used'), codes(r));
  });

  test('Connector/J given the server key file (serverRSAPublicKeyFile): no auth-needs-tls', async () => {
    const r = await run(mysql8, 'jdbc:mysql://127.0.0.1:{port}/shop?useSSL=false&serverRSAPublicKeyFile=/etc/mysql/public_key.pem');
    assert.equal(authFinding(r), undefined, codes(r));
  });

  test('the mysql client with ssl-mode=DISABLED: 2061 "Authentication requires secure connection"', async () => {
    const r = await run(mysql8, 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=DISABLED');
    assert.match(authFinding(r)?.detail ?? '', /2061/, codes(r));
  });

  test('the mysql client with get-server-public-key: no auth-needs-tls', async () => {
    const r = await run(mysql8, 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=DISABLED&get-server-public-key=true');
    assert.equal(authFinding(r), undefined, codes(r));
  });

  test('the MariaDB client (Connector/C) with ssl-mode=DISABLED fetches the key itself: no auth-needs-tls', async () => {
    const { connection } = parseConnectionString(`mysql://app@127.0.0.1:${mysql8.port}/shop?ssl-mode=DISABLED`);
    assert.ok(connection);
    const r = await diagnose({ ...connection, clientLibrary: 'libmariadb' }, { timeoutMs: 3000, auth: false });
    assert.equal(authFinding(r), undefined, codes(r));
  });

  test('mysql2 without ssl fetches the key itself: no auth-needs-tls', async () => {
    const r = await run(mysql8, 'mysql://app@127.0.0.1:{port}/shop', 'mysql2');
    assert.equal(authFinding(r), undefined, codes(r));
  });

  test('a Go DSN without tls= (go-sql-driver asks the server for its key): no auth-needs-tls', async () => {
    const r = await run(mysql8, 'app@tcp(127.0.0.1:{port})/shop');
    assert.equal(authFinding(r), undefined, codes(r));
  });

  test('Connector/J with sslMode=REQUIRED uses TLS: no auth-needs-tls', async () => {
    const r = await run(mysql8, 'jdbc:mysql://127.0.0.1:{port}/shop?sslMode=REQUIRED');
    assert.equal(authFinding(r), undefined, codes(r));
  });

  test('a server without TLS and the mysql client in PREFERRED: plaintext fallback and auth-needs-tls, the fix is TLS on the server', async () => {
    const r = await run(mysql8NoTls, 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=PREFERRED');
    const f = authFinding(r);
    assert.ok(f, codes(r));
    assert.equal(f.fixes.find((x) => x.preferred)?.kind, 'server-change');
    assert.ok(r.findings.some((x) => x.code === 'plaintext-fallback'), codes(r));
  });
});

test('a MariaDB server (mysql_native_password) and Connector/J without TLS: no auth-needs-tls', async () => {
  const r = await run(mariadb, 'jdbc:mysql://127.0.0.1:{port}/shop?useSSL=false');
  assert.equal(authFinding(r), undefined, codes(r));
  assert.equal(r.server.authPlugin, 'mysql_native_password');
});

describe('mysql (mysqljs) and a MySQL 8 server on caching_sha2_password', () => {
  // mysqljs 2.18 speaks mysql_native_password only and announces no plugin authentication
  // (lib/protocol/Auth.js, ConnectionConfig.js): the account refuses it, TLS or not.
  for (const [label, text] of [['without TLS', 'mysql://app@127.0.0.1:{port}/shop'], ['with its ssl option', 'mysql://app@127.0.0.1:{port}/shop?ssl={"rejectUnauthorized":false}']] as const) {
    test(`${label}: auth-needs-tls says it is not supported with TLS or without, and points to mysql2`, async () => {
      const r = await run(mysql8, text, 'mysql');
      const f = authFinding(r);
      assert.ok(f, codes(r));
      assert.equal(f.severity, 'error');
      assert.match(f.title, /not supported by mysql \(mysqljs\), with TLS or without/);
      assert.match(f.detail, /ER_NOT_SUPPORTED_AUTH_MODE/);
      assert.match(f.fixes.find((x) => x.preferred)?.title ?? '', /mysql2/);
    });
  }

  test('a MariaDB server (mysql_native_password): mysqljs logs in, no auth-needs-tls', async () => {
    const r = await run(mariadb, 'mysql://app@127.0.0.1:{port}/shop', 'mysql');
    assert.equal(authFinding(r), undefined, codes(r));
  });

  test("explain: mysqljs's ER_NOT_SUPPORTED_AUTH_MODE names auth-needs-tls", async () => {
    const { explainError } = await import('../../src/engine/explain/index');
    const x = explainError('ER_NOT_SUPPORTED_AUTH_MODE: Client does not support authentication protocol requested by server; consider upgrading MySQL client');
    assert.equal(x.findings[0]?.code, 'auth-needs-tls');
  });
});
