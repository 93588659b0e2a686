// Rules the real-client agreement suite (test/agreement) found the engine missing, each measured
// with the real client first: where "localhost" goes, what MariaDB's option-file `ssl` and a bare
// CA mean, which name mysql2 checks for an IP host.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { createCa, createServerCert } from '../../src/engine/certs/generate';
import { chainFacts, chainFindings, type ChainContext } from '../../src/engine/checks/chain';
import { diagnose } from '../../src/engine/diagnose';
import { readText } from '../../src/engine/dialects';
import { effectiveTls, localSocketOf } from '../../src/engine/drivers/effective';
import type { Connection, DriverId } from '../../src/engine/model/connection';
import { tempDir } from '../helpers/temp-dir';

const cnf = (body: string): Connection => readText('my.cnf', `[client]\n${body}\n`).connections[0];

test('the mysql client told "localhost" with a port goes to the Unix socket, and nothing listens there: an error, not "TLS works"', async (t) => {
  const dir = tempDir(t, 'socket-');
  const missing = join(dir, 'mysqld.sock');
  const conn = cnf('host=localhost\nport=3306\nuser=app');
  assert.equal(localSocketOf(conn, 'mysql-cli', { MYSQL_UNIX_PORT: missing }), missing);
  const saved = process.env.MYSQL_UNIX_PORT;
  process.env.MYSQL_UNIX_PORT = missing;
  try {
    const report = await diagnose(conn, { timeoutMs: 500 });
    const f = report.findings.find((x) => x.code === 'unreachable');
    assert.ok(f, JSON.stringify(report.findings.map((x) => x.code)));
    assert.equal(f.severity, 'error');
    assert.match(f.title, /mysqld\.sock/);
    assert.equal(report.target.socket, missing);
  } finally {
    if (saved === undefined) delete process.env.MYSQL_UNIX_PORT;
    else process.env.MYSQL_UNIX_PORT = saved;
  }
});

test('a socket a server listens on is used as before: nothing probed, no error', async (t) => {
  const dir = tempDir(t, 'socket-');
  const path = join(dir, 'mysqld.sock');
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.after(() => server.close());
  const report = await diagnose(cnf(`host=localhost\nsocket=${path}`), { timeoutMs: 500 });
  assert.deepEqual(report.findings.map((x) => x.code), ['local-socket']);
});

test('"localhost" stays TCP for Node, Java, Go and PyMySQL clients', () => {
  const conn = cnf('host=localhost\nport=3306');
  for (const d of ['mysql2', 'mariadb-java', 'go', 'pymysql'] as DriverId[]) assert.equal(localSocketOf(conn, d, {}), undefined, d);
  assert.equal(localSocketOf(cnf('host=127.0.0.1\nport=3306'), 'mysql-cli', {}), undefined);
});

test('an option file with `ssl` alone asks for TLS but still connects to a server without it (PREFERRED)', () => {
  const e = effectiveTls(cnf('host=db\nssl'));
  assert.equal(e.useTls, 'if-offered');
  assert.equal(e.verifyChain, false);
});

test('MariaDB\'s client with ssl-ca and no ssl-mode checks the chain, not the host name, and still falls back to plaintext', () => {
  const mariadb = (body: string): Connection => ({ ...cnf(body), clientLibrary: 'libmariadb', driverVersion: '10.11' });
  for (const body of ['host=db\nssl-ca=/ca.pem', 'host=db\nssl\nssl-ca=/ca.pem']) {
    const e = effectiveTls(mariadb(body));
    assert.equal(e.verifyChain, true, body);
    assert.equal(e.verifyHostname, false, body);
    assert.equal(e.useTls, 'if-offered', body);
  }
  assert.equal(effectiveTls(mariadb('host=db\nssl-ca=/ca.pem\nskip-ssl')).useTls, 'never');
});

test('MariaDB\'s command-line client 10.11 uses TLS by default (no check); mysqlclient on the same library does not', () => {
  const base = { ...cnf('host=db'), clientLibrary: 'libmariadb' as const, driverVersion: '10.11' };
  const cli = effectiveTls(base);
  assert.equal(cli.useTls, 'if-offered');
  assert.equal(cli.verifyChain, false);
  assert.equal(effectiveTls({ ...base, driver: 'mysqlclient', driverVersion: '3.3' }).useTls, 'never');
});

test('mysql2 with verifyIdentity and an IP host checks the name "localhost": an IP-only certificate fails', () => {
  const ca = createCa({ cn: 'Rules CA', keyBits: 1024 });
  const leaf = createServerCert(ca, { cn: '127.0.0.1', hosts: ['127.0.0.1'], keyBits: 1024 });
  const presented = [new X509Certificate(leaf.certPem)];
  const judge = (driver: DriverId) => {
    const eff = effectiveTls({ ...cnf('host=127.0.0.1'), driver, tls: { mode: 'VERIFY_IDENTITY', verifyIdentity: true, ca: '/ca.pem' } });
    const c: ChainContext = { eff, host: '127.0.0.1', presented, caFile: [new X509Certificate(ca.certPem)], now: new Date(), warnDays: 30 };
    return chainFindings(c, chainFacts(c));
  };
  const mysql2 = judge('mysql2').find((f) => f.code === 'hostname-mismatch');
  assert.ok(mysql2, 'mysql2 refuses it');
  assert.match(mysql2.title, /localhost/);
  assert.match(mysql2.detail, /IP address 127\.0\.0\.1 but checks the name localhost/);
  assert.equal(judge('mysql-cli').find((f) => f.code === 'hostname-mismatch'), undefined, 'OpenSSL checks the IP itself');
});

test('a Node.js driver on localhost against an IP-only certificate is not told to connect to 127.0.0.1: it would check "localhost" again', () => {
  const ca = createCa({ cn: 'Rules CA', keyBits: 1024 });
  const leaf = createServerCert(ca, { cn: '127.0.0.1', hosts: ['127.0.0.1'], keyBits: 1024 });
  const judge = (driver: DriverId) => {
    const eff = effectiveTls({ ...cnf('host=localhost'), driver, tls: { mode: 'VERIFY_IDENTITY', verifyIdentity: true, ca: '/ca.pem' } });
    const c: ChainContext = { eff, host: 'localhost', presented: [new X509Certificate(leaf.certPem)], caFile: [new X509Certificate(ca.certPem)], now: new Date(), warnDays: 30 };
    const f = chainFindings(c, chainFacts(c)).find((x) => x.code === 'hostname-mismatch');
    assert.ok(f, driver);
    return f;
  };
  for (const driver of ['mysql2', 'mariadb-node'] as const) {
    const f = judge(driver);
    assert.equal(f.fixes.find((x) => x.kind === 'set-host'), undefined, `${driver}: ${f.fixes.map((x) => x.title).join(' | ')}`);
    assert.match(f.detail, /Connecting to 127\.0\.0\.1 would not help/);
    assert.deepEqual(f.fixes.find((x) => x.kind === 'generate-certs')?.kind === 'generate-certs' && f.fixes.find((x) => x.kind === 'generate-certs'), { kind: 'generate-certs', title: 'Reissue the server certificate with localhost in its SANs', hosts: ['localhost'] });
  }
  const java = judge('connector-j').fixes.find((x) => x.kind === 'set-host');
  assert.ok(java && java.kind === 'set-host' && java.host === '127.0.0.1' && java.preferred, 'Java checks the IP it connects to');
});
