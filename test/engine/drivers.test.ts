import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DRIVER_IDS, type Connection, type DriverId, type ParamKey, type ParamLocation, type TlsSettings } from '../../src/engine/model/connection';
import { driverName, effectiveTls } from '../../src/engine/drivers/effective';
import { C_LIBRARY_DRIVERS } from '../../src/engine/drivers/clibrary';

/** Every driver of docs/CONTRACT.md, and the C-library drivers once more on each library family. */
const DRIVER_IDS_FOR_TEST: DriverId[] = [...DRIVER_IDS];
const C_FAMILIES: Partial<Connection>[] = [{}, { clientLibrary: 'libmariadb', driverVersion: '3.3.8' }, { clientLibrary: 'libmariadb', driverVersion: '11.4' }];

function conn(driver: DriverId, tls: TlsSettings = {}, extra: Partial<Connection> = {}): Connection {
  return {
    id: 'test',
    label: 'app@db.example.com:3306',
    dialect: 'uri',
    driver,
    host: 'db.example.com',
    port: 3306,
    tls,
    span: { start: 0, end: 0 },
    params: {},
    problems: [],
    ...extra,
  };
}

function paramAt(key: string): Partial<Record<ParamKey, ParamLocation>> {
  return { mode: { key, span: { start: 0, end: 1 }, valueSpan: { start: 0, end: 1 } } };
}

test('mysql CLI without ssl-mode prefers TLS and checks nothing', () => {
  const e = effectiveTls(conn('mysql-cli'));
  assert.equal(e.mode, 'PREFERRED');
  assert.equal(e.useTls, 'if-offered');
  assert.equal(e.verifyChain, false);
  assert.equal(e.verifyHostname, false);
  assert.deepEqual(e.versions, ['TLSv1.2', 'TLSv1.3']);
  assert.ok(e.notes.some((n) => n.includes('PREFERRED')));
  assert.ok(e.notes.some((n) => n.includes('11.4')), 'mentions MariaDB 11.4 verifying by default');
});

test('mysql CLI with VERIFY_IDENTITY and a CA file checks chain and host name', () => {
  const e = effectiveTls(conn('mysql-cli', { mode: 'VERIFY_IDENTITY', ca: '/etc/ca.pem' }));
  assert.equal(e.mode, 'VERIFY_IDENTITY');
  assert.equal(e.useTls, 'required');
  assert.equal(e.verifyChain, true);
  assert.equal(e.verifyHostname, true);
  assert.equal(e.caSource, 'file');
  assert.match(e.secureSetting, /ssl-ca=\/etc\/ca\.pem/);
});

test('mysql CLI with VERIFY_CA but no CA file says the client needs one', () => {
  const e = effectiveTls(conn('mysql-cli', { mode: 'VERIFY_CA' }));
  assert.equal(e.verifyChain, true);
  assert.equal(e.verifyHostname, false);
  assert.equal(e.caSource, 'none');
  assert.ok(e.notes.some((n) => n.includes('CA certificate is required')));
});

test('mysql CLI with ssl-mode DISABLED uses no TLS', () => {
  const e = effectiveTls(conn('mysql-cli', { mode: 'DISABLED', ca: '/etc/ca.pem' }));
  assert.equal(e.useTls, 'never');
  assert.equal(e.verifyChain, false);
  assert.equal(e.caSource, 'none');
});

test('mysql CLI keeps the TLS versions and ciphers that are written', () => {
  const e = effectiveTls(conn('mysql-cli', { mode: 'REQUIRED', tlsVersions: ['TLSv1.3'], cipher: 'ECDHE-RSA-AES128-GCM-SHA256', ciphersuites: 'TLS_AES_128_GCM_SHA256' }));
  assert.deepEqual(e.versions, ['TLSv1.3']);
  assert.equal(e.ciphers, 'ECDHE-RSA-AES128-GCM-SHA256');
  assert.equal(e.ciphersuites, 'TLS_AES_128_GCM_SHA256');
  assert.ok(!e.notes.some((n) => n.startsWith('No TLS version set')));
});

test('unknown client is treated like the mysql CLI and says so', () => {
  const e = effectiveTls(conn('unknown'));
  assert.equal(e.mode, 'PREFERRED');
  assert.ok(e.notes.some((n) => n.includes('not known')));
});

test('mysql2 without ssl uses no TLS (no PREFERRED in mysql2)', () => {
  const e = effectiveTls(conn('mysql2'));
  assert.equal(e.useTls, 'never');
  assert.equal(e.mode, 'DISABLED');
  assert.ok(e.notes.some((n) => n.includes('no PREFERRED')));
});

test('mysql2 ssl object without verifyIdentity checks no host name', () => {
  const e = effectiveTls(conn('mysql2', { ca: './ca.pem' }));
  assert.equal(e.useTls, 'required');
  assert.equal(e.verifyChain, true);
  assert.equal(e.verifyHostname, false);
  assert.equal(e.mode, 'VERIFY_CA');
  assert.equal(e.caSource, 'file');
  assert.ok(e.notes.some((n) => n.includes('checks no host name')));
});

test('mysql2 ssl with verifyIdentity checks the host name', () => {
  const e = effectiveTls(conn('mysql2', { ca: './ca.pem', verifyIdentity: true }));
  assert.equal(e.mode, 'VERIFY_IDENTITY');
  assert.equal(e.verifyHostname, true);
});

test('mysql2 ssl with rejectUnauthorized false accepts any certificate', () => {
  const e = effectiveTls(conn('mysql2', { verifyServerCert: false, verifyIdentity: true }));
  assert.equal(e.mode, 'REQUIRED');
  assert.equal(e.verifyChain, false);
  assert.equal(e.verifyHostname, false, 'Node checks the name only after the chain passed');
});

test('mysql2 with the Amazon RDS profile trusts the profile CA', () => {
  const e = effectiveTls(conn('mysql2', { profile: 'Amazon RDS' }));
  assert.equal(e.caSource, 'profile');
  assert.equal(e.verifyChain, true);
});

test('mysql2 ssl object without ca checks against Node bundled roots', () => {
  const e = effectiveTls(conn('mysql2', { mode: 'VERIFY_CA' }));
  assert.equal(e.useTls, 'required');
  assert.equal(e.caSource, 'system');
});

test('mysql2 URL with ssl-mode=REQUIRED is ignored by mysql2', () => {
  const e = effectiveTls(conn('mysql2', { mode: 'REQUIRED' }, { params: paramAt('ssl-mode') }));
  assert.equal(e.useTls, 'never');
  assert.ok(e.notes.some((n) => n.includes('does not read "ssl-mode"')));
});

test('Connector/J without sslMode defaults to PREFERRED', () => {
  const e = effectiveTls(conn('connector-j', {}, { dialect: 'jdbc' }));
  assert.equal(e.mode, 'PREFERRED');
  assert.equal(e.useTls, 'if-offered');
  assert.equal(e.caSource, 'system');
  assert.match(e.secureSetting, /sslMode=VERIFY_IDENTITY/);
});

test('Connector/J legacy requireSSL with verifyServerCertificate=true verifies the CA', () => {
  const e = effectiveTls(conn('connector-j', { mode: 'REQUIRED', verifyServerCert: true, trustStore: 'file:/t.jks' }, { dialect: 'jdbc' }));
  assert.equal(e.mode, 'VERIFY_CA');
  assert.equal(e.caSource, 'truststore');
});

test('MariaDB Connector/J without sslMode uses no TLS', () => {
  const e = effectiveTls(conn('mariadb-java', {}, { dialect: 'jdbc' }));
  assert.equal(e.useTls, 'never');
  assert.ok(e.notes.some((n) => n.includes('disable')));
});

test('MariaDB Connector/J sslMode=trust encrypts without checks, verify-full checks the name', () => {
  const trust = effectiveTls(conn('mariadb-java', { mode: 'REQUIRED' }, { dialect: 'jdbc' }));
  assert.equal(trust.verifyChain, false);
  assert.equal(trust.useTls, 'required');
  const full = effectiveTls(conn('mariadb-java', { mode: 'VERIFY_IDENTITY', ca: '/ca.pem' }, { dialect: 'jdbc' }));
  assert.equal(full.verifyHostname, true);
  assert.match(full.secureSetting, /sslMode=verify-full&serverSslCert=\/ca\.pem/);
});

test('Prisma URL without sslaccept accepts invalid certificates', () => {
  const e = effectiveTls(conn('prisma'));
  assert.equal(e.useTls, 'if-offered');
  assert.equal(e.verifyChain, false);
  assert.equal(e.verifyHostname, false);
  assert.ok(e.notes.some((n) => n.includes('accept_invalid_certs')));
  assert.match(e.secureSetting, /sslaccept=strict/);
});

test('Prisma URL with sslaccept=strict checks chain and host name', () => {
  const e = effectiveTls(conn('prisma', { verifyServerCert: true, ca: 'ca.pem' }));
  assert.equal(e.verifyChain, true);
  assert.equal(e.verifyHostname, true);
  assert.equal(e.caSource, 'file');
});

test('Prisma URL with sslmode=require still accepts invalid certificates', () => {
  const e = effectiveTls(conn('prisma', { mode: 'REQUIRED' }));
  assert.equal(e.mode, 'REQUIRED');
  assert.equal(e.verifyChain, false);
});

test('Go DSN without tls= uses no TLS', () => {
  const e = effectiveTls(conn('go', {}, { dialect: 'go-dsn' }));
  assert.equal(e.useTls, 'never');
  assert.equal(e.mode, 'DISABLED');
  assert.ok(e.notes.some((n) => n.includes('without tls=')));
});

test('Go DSN with tls=true checks chain and host name against system roots', () => {
  const e = effectiveTls(conn('go', { mode: 'VERIFY_IDENTITY' }, { dialect: 'go-dsn' }));
  assert.equal(e.mode, 'VERIFY_IDENTITY');
  assert.equal(e.caSource, 'system');
});

test('Go DSN with tls=skip-verify encrypts without checks', () => {
  const e = effectiveTls(conn('go', { mode: 'REQUIRED', verifyServerCert: false }, { dialect: 'go-dsn' }));
  assert.equal(e.mode, 'REQUIRED');
  assert.equal(e.verifyChain, false);
});

test('Go DSN with tls=preferred falls back to plaintext without checks', () => {
  const e = effectiveTls(conn('go', { mode: 'PREFERRED' }, { dialect: 'go-dsn' }));
  assert.equal(e.useTls, 'if-offered');
  assert.equal(e.verifyChain, false);
});

test('Go DSN with a registered tls config name is assumed to verify', () => {
  const e = effectiveTls(conn('go', { profile: 'custom' }, { dialect: 'go-dsn' }));
  assert.equal(e.useTls, 'required');
  assert.equal(e.caSource, 'profile');
  assert.ok(e.notes.some((n) => n.includes('RegisterTLSConfig') || n.includes('InsecureSkipVerify')));
});

test('PyMySQL without ssl options uses no TLS', () => {
  const e = effectiveTls(conn('pymysql'));
  assert.equal(e.useTls, 'never');
});

test('PyMySQL ssl dict with a CA checks chain and host name', () => {
  const e = effectiveTls(conn('pymysql', { ca: '/ca.pem' }));
  assert.equal(e.verifyChain, true);
  assert.equal(e.verifyHostname, true);
});

test('PyMySQL with only a client certificate accepts any server certificate', () => {
  const e = effectiveTls(conn('pymysql', { cert: '/c.pem', key: '/k.pem' }));
  assert.equal(e.useTls, 'if-offered');
  assert.equal(e.verifyChain, false);
  assert.equal(e.caSource, 'none');
});

test('PyMySQL with a CA still falls back to plaintext when the server offers no TLS', () => {
  const e = effectiveTls(conn('pymysql', { ca: '/ca.pem' }));
  assert.equal(e.useTls, 'if-offered');
  assert.equal(e.verifyChain, true);
  assert.ok(e.notes.some((n) => /plaintext, silently/.test(n)));
});

test('mysqlclient without ssl_mode follows libmysqlclient PREFERRED', () => {
  const e = effectiveTls(conn('mysqlclient'));
  assert.equal(e.mode, 'PREFERRED');
  assert.match(e.secureSetting, /ssl_mode="VERIFY_IDENTITY"/);
});

test('Connector/Python by default tries TLS without verification', () => {
  const e = effectiveTls(conn('mysql-connector-python'));
  assert.equal(e.useTls, 'if-offered');
  assert.equal(e.verifyChain, false);
  const v = effectiveTls(conn('mysql-connector-python', { ca: '/ca.pem', verifyServerCert: true, verifyIdentity: true }));
  assert.equal(v.verifyHostname, true);
  assert.equal(v.caSource, 'file');
});

test('Connector/Python with ssl_disabled uses no TLS', () => {
  const e = effectiveTls(conn('mysql-connector-python', { mode: 'DISABLED' }));
  assert.equal(e.useTls, 'never');
});

test('Laravel PDO without MYSQL_ATTR_SSL_CA uses no TLS', () => {
  const e = effectiveTls(conn('php-pdo', {}, { dialect: 'dotenv' }));
  assert.equal(e.useTls, 'never');
  assert.ok(e.notes.some((n) => n.includes('MYSQL_ATTR_SSL')));
});

test('PDO with MYSQL_ATTR_SSL_CA verifies certificate and host name by default', () => {
  const e = effectiveTls(conn('php-pdo', { ca: '/ca.pem' }, { dialect: 'dotenv' }));
  assert.equal(e.mode, 'VERIFY_IDENTITY');
  assert.equal(e.caSource, 'file');
});

test('PDO with MYSQL_ATTR_SSL_VERIFY_SERVER_CERT false checks nothing', () => {
  const e = effectiveTls(conn('php-pdo', { ca: '/ca.pem', verifyServerCert: false }, { dialect: 'dotenv' }));
  assert.equal(e.mode, 'REQUIRED');
  assert.equal(e.verifyChain, false);
});

test('a Unix socket connection notes that TLS is not used over it', () => {
  const e = effectiveTls(conn('mysql-cli', {}, { socket: '/run/mysqld/mysqld.sock', host: undefined }));
  assert.ok(e.notes.some((n) => n.includes('Unix socket')));
});

test('every driver has a name and a secure setting, and never verifies without TLS', () => {
  for (const d of DRIVER_IDS_FOR_TEST) {
    assert.ok(driverName(d).length > 2, d);
    const e = effectiveTls(conn(d, { mode: 'DISABLED', verifyServerCert: true, verifyIdentity: true }));
    assert.equal(e.useTls, 'never', d);
    assert.equal(e.verifyChain, false, d);
    assert.equal(e.verifyHostname, false, d);
    assert.ok(e.secureSetting.length > 5, d);
  }
  assert.equal(driverName('mysql2'), 'mysql2 (Node.js)');
  assert.equal(driverName('connector-j'), 'MySQL Connector/J');
});

test('mysql2 URL with ssl=true is flagged as rejected by mysql2', () => {
  const params: Partial<Record<ParamKey, ParamLocation>> = { mode: { key: 'ssl', span: { start: 0, end: 1 }, valueSpan: { start: 0, end: 1 } } };
  const e = effectiveTls(conn('mysql2', { mode: 'REQUIRED' }, { params }));
  assert.ok(e.notes.some((n) => n.includes('SSL profile must be an object')));
});

test('MariaDB option file with ssl-verify-server-cert checks chain and host name', () => {
  const params: Partial<Record<ParamKey, ParamLocation>> = {
    verifyServerCert: { key: 'ssl-verify-server-cert', span: { start: 0, end: 1 }, valueSpan: { start: 0, end: 1 } },
  };
  const e = effectiveTls(conn('mysql-cli', { verifyServerCert: true, ca: '/ca.pem' }, { dialect: 'option-file', params }));
  assert.equal(e.useTls, 'required');
  assert.equal(e.verifyChain, true);
  assert.equal(e.verifyHostname, true);
  assert.equal(e.mode, 'VERIFY_IDENTITY');
});

test('any combination of settings gives a consistent answer for every driver', () => {
  const modes = [undefined, 'DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'] as const;
  const bools = [undefined, true, false] as const;
  let cases = 0;
  for (const d of DRIVER_IDS_FOR_TEST) for (const family of C_FAMILIES) for (const mode of modes) for (const vc of bools) for (const vi of bools) for (const ca of [undefined, '/ca.pem']) {
    const e = effectiveTls(conn(d, { mode, verifyServerCert: vc, verifyIdentity: vi, ca }, family));
    const what = JSON.stringify({ d, family, mode, vc, vi, ca });
    if (e.verifyHostname) assert.ok(e.verifyChain, `host check without chain check: ${what}`);
    if (e.useTls === 'never') {
      assert.equal(e.mode, 'DISABLED', what);
      assert.equal(e.verifyChain, false, what);
      assert.equal(e.caSource, 'none', what);
    }
    if (e.useTls === 'if-offered') assert.equal(e.mode, 'PREFERRED', what);
    if (e.useTls === 'required') assert.notEqual(e.mode, 'DISABLED', what);
    // MariaDB Connector/C before 3.4 checks the chain whenever a CA is given: skip-ssl-verify-server-cert drops only the host check.
    const caStillChecks = family.driverVersion === '3.3.8' && ca !== undefined && C_LIBRARY_DRIVERS.has(e.driver);
    if (vc === false && !caStillChecks) assert.equal(e.verifyChain, false, `explicit no-verify ignored: ${what}`);
    if (mode === 'DISABLED') assert.equal(e.useTls, 'never', what);
    assert.ok(e.versions.length > 0, what);
    cases++;
  }
  assert.equal(cases, DRIVER_IDS_FOR_TEST.length * C_FAMILIES.length * 6 * 3 * 3 * 2);
});
