import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConnectionString, readText } from '../../src/engine/dialects';
import type { Connection, ParamKey } from '../../src/engine/model/connection';

const jdbc = (url: string): Connection => {
  const r = parseConnectionString(url);
  assert.ok(r.connection, `read ${url}`);
  return r.connection;
};
const value = (text: string, c: Connection, k: ParamKey) => text.slice(c.params[k]!.valueSpan.start, c.params[k]!.valueSpan.end);

test('Spring application.properties with Connector/J sslMode=VERIFY_IDENTITY', () => {
  const text = 'spring.datasource.url=jdbc:mysql://db.internal:3306/orders?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/etc/trust.jks\nspring.datasource.username=app\n';
  const r = readText('src/main/resources/application.properties', text);
  assert.equal(r.connections.length, 1);
  const c = r.connections[0];
  assert.equal(c.dialect, 'jdbc');
  assert.equal(c.form, 'jdbc-mysql');
  assert.equal(c.driver, 'connector-j');
  assert.equal(text.slice(c.span.start, c.span.end), 'jdbc:mysql://db.internal:3306/orders?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/etc/trust.jks');
  assert.equal(c.tls.mode, 'VERIFY_IDENTITY');
  assert.equal(c.tls.trustStore, 'file:/etc/trust.jks');
  assert.equal(value(text, c, 'mode'), 'VERIFY_IDENTITY');
  assert.equal(value(text, c, 'trustStore'), 'file:/etc/trust.jks');
  assert.deepEqual([c.host, c.port, c.database], ['db.internal', 3306, 'orders']);
});

test('legacy useSSL=false means DISABLED', () => {
  const text = 'jdbc:mysql://h/db?useSSL=false';
  const c = jdbc(text);
  assert.equal(c.tls.mode, 'DISABLED');
  assert.equal(value(text, c, 'mode'), 'false');
  assert.equal(c.params.mode?.key, 'useSSL');
});

test('legacy useSSL=true with requireSSL=true means REQUIRED', () => {
  const c = jdbc('jdbc:mysql://h/db?useSSL=true&requireSSL=true&verifyServerCertificate=false');
  assert.equal(c.tls.mode, 'REQUIRED');
  assert.equal(c.tls.verifyServerCert, false);
  assert.equal(c.params.mode?.key, 'requireSSL');
});

test('legacy verifyServerCertificate=true means VERIFY_CA', () => {
  const c = jdbc('jdbc:mysql://h/db?useSSL=true&verifyServerCertificate=true');
  assert.equal(c.tls.mode, 'VERIFY_CA');
  assert.equal(c.params.mode?.key, 'verifyServerCertificate');
});

test('legacy useSSL=true alone means PREFERRED', () => {
  assert.equal(jdbc('jdbc:mysql://h/db?useSSL=true').tls.mode, 'PREFERRED');
});

test('sslMode wins over legacy useSSL in Connector/J 8', () => {
  const c = jdbc('jdbc:mysql://h/db?useSSL=false&sslMode=REQUIRED');
  assert.equal(c.tls.mode, 'REQUIRED');
  assert.equal(c.params.mode?.key, 'sslMode');
});

test('TLS versions and cipher suites in old and new spellings', () => {
  const a = jdbc('jdbc:mysql://h/db?enabledTLSProtocols=TLSv1.2&enabledSSLCipherSuites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
  assert.deepEqual(a.tls.tlsVersions, ['TLSv1.2']);
  assert.equal(a.tls.cipher, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
  const b = jdbc('jdbc:mysql://h/db?tlsVersions=TLSv1.3,TLSv1.2');
  assert.deepEqual(b.tls.tlsVersions, ['TLSv1.3', 'TLSv1.2']);
});

test('several hosts: the first is taken and a warning says so', () => {
  const text = 'jdbc:mysql://primary:3306,replica:3307/db?user=app&password=pw';
  const c = jdbc(text);
  assert.deepEqual([c.host, c.port], ['primary', 3306]);
  assert.equal(c.user, 'app');
  assert.equal(c.password?.reveal(), 'pw');
  const w = c.problems.find((p) => p.severity === 'warning');
  assert.ok(w);
  assert.match(w.message, /first one/);
  assert.equal(text.slice(w.span.start, w.span.end), 'primary:3306,replica:3307');
});

test('load-balancing scheme and key-value host form', () => {
  const c = jdbc('jdbc:mysql:loadbalance://(host=db1,port=3310,user=x),(host=db2)/app');
  assert.deepEqual([c.host, c.port], ['db1', 3310]);
  const d = jdbc('jdbc:mysql://address=(host=db3)(port=3311)/app');
  assert.deepEqual([d.host, d.port], ['db3', 3311]);
});

test('MariaDB Connector/J 3 sslMode=verify-ca with serverSslCert', () => {
  const text = 'jdbc:mariadb://maria:3306/db?sslMode=verify-ca&serverSslCert=/etc/mysql/ca.pem&enabledSslProtocolSuites=TLSv1.3';
  const c = jdbc(text);
  assert.equal(c.driver, 'mariadb-java');
  assert.equal(c.form, 'jdbc-mariadb');
  assert.equal(c.tls.mode, 'VERIFY_CA');
  assert.equal(c.tls.ca, '/etc/mysql/ca.pem');
  assert.equal(value(text, c, 'ca'), '/etc/mysql/ca.pem');
  assert.deepEqual(c.tls.tlsVersions, ['TLSv1.3']);
});

test('MariaDB Connector/J sslMode=trust checks nothing', () => {
  const c = jdbc('jdbc:mariadb://m/db?sslMode=trust');
  assert.equal(c.tls.mode, 'REQUIRED');
  assert.equal(c.tls.verifyServerCert, false);
  assert.equal(jdbc('jdbc:mariadb://m/db?sslMode=verify-full').tls.mode, 'VERIFY_IDENTITY');
  assert.equal(jdbc('jdbc:mariadb://m/db?sslMode=disable').tls.mode, 'DISABLED');
});

test('MariaDB Connector/J 2 useSsl with trustServerCertificate', () => {
  const a = jdbc('jdbc:mariadb://m/db?useSsl=true&trustServerCertificate=true');
  assert.equal(a.tls.mode, 'REQUIRED');
  assert.equal(a.tls.verifyServerCert, false);
  assert.equal(jdbc('jdbc:mariadb://m/db?useSsl=true').tls.mode, 'VERIFY_IDENTITY');
  assert.equal(jdbc('jdbc:mariadb://m/db?useSsl=true&disableSslHostnameVerification=true').tls.mode, 'VERIFY_CA');
});

test('unknown MariaDB sslMode value is reported on its span', () => {
  const text = 'jdbc:mariadb://m/db?sslMode=maybe';
  const r = parseConnectionString(text);
  assert.equal(r.problems.length, 1);
  assert.equal(text.slice(r.problems[0].span.start, r.problems[0].span.end), 'maybe');
  assert.match(r.problems[0].message, /disable, trust, verify-ca or verify-full/);
});

test('JDBC URL in Java source is found once, not again as mysql://', () => {
  const text = 'String url = "jdbc:mysql://localhost:3306/db?sslMode=REQUIRED";';
  const r = readText('App.java', text);
  assert.equal(r.connections.length, 1);
  assert.equal(r.connections[0].dialect, 'jdbc');
});

test('Spring application.properties keeps user and password in sibling keys', () => {
  const text = 'spring.datasource.url=jdbc:mysql://db:3306/shop?sslMode=REQUIRED\nspring.datasource.username=shop\nspring.datasource.password=pa ss\nother.username=nope\n';
  const c = readText('application.properties', text).connections[0];
  assert.equal(c.user, 'shop');
  assert.equal(c.password?.reveal(), 'pa ss');
  assert.equal(value(text, c, 'user'), 'shop');
  assert.equal(text.slice(c.params.password!.span.start, c.params.password!.span.end), 'spring.datasource.password=pa ss');
  assert.equal(c.label, 'shop@db:3306');
});

test('Spring application.yml keeps user and password at the url key\'s indentation', () => {
  const text = 'spring:\n  datasource:\n    username: "app"\n    url: jdbc:mariadb://maria:3306/x?sslMode=verify-full\n    password: secret\n  other:\n    username: no\n';
  const c = readText('application.yml', text).connections[0];
  assert.equal(c.user, 'app');
  assert.equal(c.password?.reveal(), 'secret');
  assert.equal(value(text, c, 'password'), 'secret');
});

test('a user written in the URL is not replaced by a sibling key', () => {
  const c = readText('app.properties', 'db.url=jdbc:mysql://h/x?user=inurl\ndb.username=sibling\n').connections[0];
  assert.equal(c.user, 'inurl');
});
