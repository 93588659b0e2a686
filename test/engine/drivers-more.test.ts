// The drivers added for issue 13 (mysqljs, MariaDB Connector/Node.js, PHP mysqli, the two .NET
// drivers, the Ruby mysql2 gem, sqlx) and the C-library families: what each does with the same settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, DriverId, ParamKey, ParamLocation, TlsSettings } from '../../src/engine/model/connection';
import { driverName, effectiveTls, localSocketOf } from '../../src/engine/drivers/effective';
import { parseClientVersion } from '../../src/engine/drivers/clibrary';
import { connectorNetDefault } from '../../src/engine/drivers/dotnet';

function conn(driver: DriverId, tls: TlsSettings = {}, extra: Partial<Connection> = {}): Connection {
  return {
    id: 'test', label: 'app@db.example.com:3306', dialect: 'uri', driver, host: 'db.example.com', port: 3306,
    tls, span: { start: 0, end: 0 }, params: {}, problems: [], ...extra,
  };
}

function written(key: string, what: ParamKey = 'mode'): Partial<Record<ParamKey, ParamLocation>> {
  return { [what]: { key, span: { start: 0, end: 1 }, valueSpan: { start: 0, end: 1 } } };
}

test('mysqljs without ssl uses no TLS at all', () => {
  const e = effectiveTls(conn('mysql'));
  assert.equal(e.useTls, 'never');
  assert.ok(e.notes.some((n) => n.includes('no PREFERRED')));
});

test('mysqljs with an ssl CA checks the chain but never the host name, even with verifyIdentity', () => {
  const e = effectiveTls(conn('mysql', { ca: './ca.pem', verifyIdentity: true }));
  assert.equal(e.useTls, 'required');
  assert.equal(e.verifyChain, true);
  assert.equal(e.verifyHostname, false);
  assert.equal(e.mode, 'VERIFY_CA');
  assert.ok(e.notes.some((n) => n.includes('no verifyIdentity')));
});

test('mysqljs ignores minVersion: Node defaults are what it offers', () => {
  const e = effectiveTls(conn('mysql', { ca: './ca.pem', tlsVersions: ['TLSv1.3'] }));
  assert.deepEqual(e.versions, ['TLSv1.2', 'TLSv1.3']);
  assert.ok(e.notes.some((n) => n.includes('ignored')));
});

test('mysqljs with rejectUnauthorized false accepts any certificate', () => {
  const e = effectiveTls(conn('mysql', { verifyServerCert: false }));
  assert.equal(e.mode, 'REQUIRED');
  assert.equal(e.verifyChain, false);
});

test('mysqljs URL with ssl-mode is ignored', () => {
  const e = effectiveTls(conn('mysql', { mode: 'REQUIRED' }, { params: written('ssl-mode') }));
  assert.equal(e.useTls, 'never');
  assert.ok(e.notes.some((n) => n.includes('does not read "ssl-mode"')));
});

test('MariaDB Connector/Node.js with ssl true checks chain and host name (unlike mysql2)', () => {
  const e = effectiveTls(conn('mariadb-node', { mode: 'REQUIRED' }, { params: written('ssl') }));
  assert.equal(e.mode, 'VERIFY_IDENTITY');
  assert.equal(e.caSource, 'system');
  const m2 = effectiveTls(conn('mysql2', { ca: './ca.pem' }));
  assert.equal(m2.verifyHostname, false, 'mysql2 with the same CA checks no name');
  const md = effectiveTls(conn('mariadb-node', { ca: './ca.pem' }));
  assert.equal(md.verifyHostname, true);
  assert.equal(md.caSource, 'file');
});

test('MariaDB Connector/Node.js without ssl uses no TLS; rejectUnauthorized false checks nothing', () => {
  assert.equal(effectiveTls(conn('mariadb-node')).useTls, 'never');
  const off = effectiveTls(conn('mariadb-node', { verifyServerCert: false }));
  assert.equal(off.mode, 'REQUIRED');
  assert.equal(off.verifyHostname, false);
});

test('MariaDB Connector/Node.js keeps the TLS versions written (it passes them to tls.connect)', () => {
  const e = effectiveTls(conn('mariadb-node', { ca: './ca.pem', tlsVersions: ['TLSv1.3'] }));
  assert.deepEqual(e.versions, ['TLSv1.3']);
});

test('PHP mysqli with MYSQLI_CLIENT_SSL alone encrypts without any check', () => {
  const e = effectiveTls(conn('php-mysqli', { mode: 'REQUIRED' }));
  assert.equal(e.useTls, 'required');
  assert.equal(e.verifyChain, false);
  assert.ok(e.notes.some((n) => n.includes('no key, certificate, CA or cipher')));
});

test('PHP mysqli with ssl_set CA verifies certificate and host name', () => {
  const e = effectiveTls(conn('php-mysqli', { mode: 'REQUIRED', ca: '/ca.pem' }));
  assert.equal(e.mode, 'VERIFY_IDENTITY');
  assert.match(e.secureSetting, /ssl_set/);
});

test('PHP mysqli with MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT checks nothing even with a CA', () => {
  const e = effectiveTls(conn('php-mysqli', { mode: 'REQUIRED', ca: '/ca.pem', verifyServerCert: false }));
  assert.equal(e.mode, 'REQUIRED');
  assert.ok(e.notes.some((n) => n.includes('MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT')));
});

test('PHP mysqli without ssl uses no TLS, and localhost means the socket', () => {
  assert.equal(effectiveTls(conn('php-mysqli')).useTls, 'never');
  assert.equal(localSocketOf(conn('php-mysqli', {}, { host: 'localhost', socket: '/run/mysqld/mysqld.sock' })), '/run/mysqld/mysqld.sock');
});

test('MySqlConnector without SslMode prefers TLS and checks nothing', () => {
  const e = effectiveTls(conn('mysqlconnector'));
  assert.equal(e.mode, 'PREFERRED');
  assert.equal(e.useTls, 'if-offered');
  assert.match(e.secureSetting, /SslMode=VerifyFull/);
});

test('MySqlConnector SslMode=Required with SslCa still checks nothing; VerifyCA checks the chain only', () => {
  const req = effectiveTls(conn('mysqlconnector', { mode: 'REQUIRED', ca: '/ca.pem' }));
  assert.equal(req.verifyChain, false);
  assert.ok(req.notes.some((n) => n.includes('not used to check it')));
  const ca = effectiveTls(conn('mysqlconnector', { mode: 'VERIFY_CA' }));
  assert.equal(ca.verifyChain, true);
  assert.equal(ca.verifyHostname, false);
  assert.equal(ca.caSource, 'system');
});

test('Connector/NET 8.0.8 to 8.0.12 default to Required, later versions to Preferred', () => {
  assert.equal(connectorNetDefault('8.0.10'), 'REQUIRED');
  assert.equal(connectorNetDefault('8.0.13'), 'PREFERRED');
  assert.equal(connectorNetDefault(undefined), 'PREFERRED');
  assert.equal(effectiveTls(conn('connector-net', {}, { driverVersion: '8.0.11' })).mode, 'REQUIRED');
  assert.equal(effectiveTls(conn('connector-net', {}, { driverVersion: '8.4.0' })).mode, 'PREFERRED');
  assert.equal(effectiveTls(conn('connector-net', { mode: 'VERIFY_IDENTITY' })).verifyHostname, true);
});

test('sqlx without ssl-mode prefers TLS and checks nothing; ssl-ca alone does not verify', () => {
  const e = effectiveTls(conn('sqlx', { ca: '/ca.pem' }));
  assert.equal(e.mode, 'PREFERRED');
  assert.equal(e.verifyChain, false);
  const v = effectiveTls(conn('sqlx', { mode: 'VERIFY_IDENTITY', ca: '/ca.pem' }));
  assert.equal(v.verifyHostname, true);
  assert.equal(v.caSource, 'file');
});

test('Ruby mysql2 gem on libmysqlclient prefers TLS; on MariaDB Connector/C 3.3 it uses none', () => {
  const mysql = effectiveTls(conn('ruby-mysql2'));
  assert.equal(mysql.mode, 'PREFERRED');
  const maria = effectiveTls(conn('ruby-mysql2', {}, { clientLibrary: 'libmariadb', driverVersion: '3.3.8' }));
  assert.equal(maria.useTls, 'never');
  assert.match(maria.secureSetting, /sslverify: true/);
  assert.equal(driverName('ruby-mysql2'), 'mysql2 gem (Ruby)');
});

test('mysql command line with ssl-ca and no ssl-mode checks the chain (MySQL turns it into VERIFY_CA)', () => {
  const e = effectiveTls(conn('mysql-cli', { ca: '/ca.pem' }, { dialect: 'option-file' }));
  assert.equal(e.mode, 'VERIFY_CA');
  assert.equal(e.verifyHostname, false);
  const api = effectiveTls(conn('mysqlclient', { ca: '/ca.pem' }));
  assert.equal(api.mode, 'PREFERRED', 'the C API itself does not change the mode for a CA');
});

test('mariadb client 10.11 (Connector/C 3.3) with ssl-ca checks the chain but falls back to plaintext', () => {
  const e = effectiveTls(conn('mysql-cli', { ca: '/ca.pem' }, { clientLibrary: 'libmariadb', driverVersion: '3.3.8' }));
  assert.equal(e.useTls, 'if-offered');
  assert.equal(e.verifyChain, true);
  assert.equal(e.verifyHostname, false);
});

test('mariadb client 10.11 with no ssl option still uses TLS if offered, checking nothing (measured); 10.6 and the library API do not', () => {
  const cli = effectiveTls(conn('mysql-cli', {}, { driverVersion: 'mariadb-10.11' }));
  assert.equal(cli.useTls, 'if-offered');
  assert.equal(cli.verifyChain, false);
  assert.ok(cli.notes.some((n) => n.includes('MDEV-27105')));
  assert.equal(effectiveTls(conn('mysql-cli', {}, { driverVersion: 'mariadb-10.6' })).useTls, 'never');
  assert.equal(effectiveTls(conn('mysqlclient', {}, { clientLibrary: 'libmariadb', driverVersion: '3.3.8' })).useTls, 'never');
});

test('mariadb client 10.11 with --ssl alone accepts any certificate; with ssl-verify-server-cert it requires and checks', () => {
  const ssl = effectiveTls(conn('mysql-cli', { mode: 'REQUIRED' }, { clientLibrary: 'libmariadb', driverVersion: '10.11', params: written('ssl') }));
  assert.equal(ssl.useTls, 'if-offered');
  assert.equal(ssl.verifyChain, false);
  const verify = effectiveTls(conn('mysql-cli', { mode: 'VERIFY_IDENTITY', verifyServerCert: true }, {
    clientLibrary: 'libmariadb', driverVersion: '10.11', params: written('ssl-verify-server-cert', 'verifyServerCert'),
  }));
  assert.equal(verify.useTls, 'required');
  assert.equal(verify.verifyHostname, true);
  assert.equal(verify.caSource, 'system');
});

test('mariadb client 10.11 does not read ssl-mode', () => {
  const e = effectiveTls(conn('mysql-cli', { mode: 'VERIFY_IDENTITY' }, { driverVersion: 'libmariadb-3.3', params: written('ssl-mode') }));
  assert.equal(e.verifyChain, false, 'VERIFY_IDENTITY written as ssl-mode checks nothing');
  assert.ok(e.notes.some((n) => n.includes('unknown variable')), 'the command line stops on it (measured with 10.11)');
  assert.ok(e.notes.some((n) => n.includes('no ssl-mode')));
});

test('mariadb client 11.4 (Connector/C 3.4) verifies chain and host name by default', () => {
  const e = effectiveTls(conn('mysql-cli', {}, { driverVersion: 'mariadb-11.4' }));
  assert.equal(e.mode, 'VERIFY_IDENTITY');
  assert.ok(e.notes.some((n) => n.includes('zero-configuration')));
  const off = effectiveTls(conn('mysql-cli', { verifyServerCert: false }, { driverVersion: 'libmariadb 3.4.1' }));
  assert.equal(off.verifyChain, false);
});

test('client versions are read as people write them', () => {
  assert.deepEqual(parseClientVersion('libmariadb-3.4'), { library: 'libmariadb', version: '3.4' });
  assert.deepEqual(parseClientVersion('mariadb 11.4.2'), { library: 'libmariadb', version: '11.4.2' });
  assert.deepEqual(parseClientVersion('mysql-8.0'), { library: 'libmysqlclient', version: '8.0' });
  assert.deepEqual(parseClientVersion('3.3.8'), { version: '3.3.8' });
  assert.equal(parseClientVersion('nonsense'), undefined);
});

test('Connector/J 5.1 with useSSL=true checks the chain (verifyServerCertificate defaulted to true); 8.0 does not', () => {
  const old = effectiveTls(conn('connector-j', { mode: 'PREFERRED' }, { dialect: 'jdbc', driverVersion: '5.1.49', params: written('useSSL') }));
  assert.equal(old.verifyChain, true);
  assert.ok(old.notes.some((n) => n.includes('verifyServerCertificate defaults to true')));
  const now = effectiveTls(conn('connector-j', { mode: 'PREFERRED' }, { dialect: 'jdbc', driverVersion: '8.3.0', params: written('useSSL') }));
  assert.equal(now.verifyChain, false);
  const off = effectiveTls(conn('connector-j', { mode: 'PREFERRED', verifyServerCert: false }, { dialect: 'jdbc', driverVersion: '5.1.49', params: written('useSSL') }));
  assert.equal(off.verifyChain, false);
});
