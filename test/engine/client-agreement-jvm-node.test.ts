// Rules the agreement suite found for MariaDB Connector/J 2.7 and MariaDB Connector/Node.js, each
// measured with the real client first (test/agreement): what 2.7 reads and ignores, that it loads a
// DER CA, that its trust anchor's dates are not read in the login either, and which names
// Connector/Node.js checks for an IP host.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createCa, createServerCert } from '../../src/engine/certs/generate';
import { chainFacts, chainFindings, type ChainContext } from '../../src/engine/checks/chain';
import { readText } from '../../src/engine/dialects';
import { effectiveTls } from '../../src/engine/drivers/effective';
import type { Connection } from '../../src/engine/model/connection';
import { analyzeStatic } from '../../src/engine/static/analyze';
import { tempDir } from '../helpers/temp-dir';

/** A Spring Boot application.properties with this JDBC URL, read as `diagnose --file` reads it. */
function properties(url: string, driverVersion?: string): Connection {
  const conn = readText('application.properties', propertiesText(url)).connections[0];
  assert.ok(conn, 'the URL is read');
  if (driverVersion) conn.driverVersion = driverVersion;
  return conn;
}

const propertiesText = (url: string) => `spring.datasource.url=${url}\nspring.datasource.username=app\n`;

test('sslMode written for MariaDB Connector/J 2.7 (a 3.x option) is ignored: no TLS, and the finding says so', () => {
  const conn = properties('jdbc:mariadb://db:3306/app?sslMode=verify-full&serverSslCert=/ca.pem', '2.7.6');
  const eff = effectiveTls(conn);
  assert.equal(eff.useTls, 'never');
  const f = analyzeStatic(conn, { text: propertiesText('jdbc:mariadb://db:3306/app?sslMode=verify-full&serverSslCert=/ca.pem') }).findings.find((x) => x.code === 'setting-ignored');
  assert.ok(f, 'setting-ignored');
  assert.match(f.title, /2\.7\.6 does not read sslMode/);
  // Read as 3.x (no version known) it is the strict mode it says.
  assert.equal(effectiveTls(properties('jdbc:mariadb://db:3306/app?sslMode=verify-full&serverSslCert=/ca.pem')).mode, 'VERIFY_IDENTITY');
});

test('MariaDB Connector/J 2.7: useSsl=true checks chain and host name; trustServerCertificate and disableSslHostnameVerification relax them; none of it is "deprecated"', () => {
  const full = effectiveTls(properties('jdbc:mariadb://db/app?useSsl=true&serverSslCert=/ca.pem', '2.7.6'));
  assert.deepEqual([full.useTls, full.verifyChain, full.verifyHostname], ['required', true, true]);
  const chainOnly = effectiveTls(properties('jdbc:mariadb://db/app?useSsl=true&serverSslCert=/ca.pem&disableSslHostnameVerification=true', '2.7.6'));
  assert.deepEqual([chainOnly.verifyChain, chainOnly.verifyHostname], [true, false]);
  const trust = effectiveTls(properties('jdbc:mariadb://db/app?useSsl=true&trustServerCertificate=true', '2.7.6'));
  assert.deepEqual([trust.useTls, trust.verifyChain], ['required', false]);
  const alone = effectiveTls(properties('jdbc:mariadb://db/app?trustServerCertificate=true&serverSslCert=/ca.pem', '2.7.6'));
  assert.equal(alone.useTls, 'never', 'without useSsl=true 2.7 uses no TLS');
  const url = 'jdbc:mariadb://db/app?useSsl=true&serverSslCert=/ca.pem';
  assert.equal(analyzeStatic(properties(url, '2.7.6'), { text: propertiesText(url) }).findings.filter((x) => x.code === 'setting-deprecated').length, 0);
  assert.ok(analyzeStatic(properties(url), { text: propertiesText(url) }).findings.some((x) => x.code === 'setting-deprecated'), '3.x deprecates useSsl');
});

test('a DER CA file is fine for MariaDB Connector/J (Java reads DER and PEM), still an error for the mysql client', (t) => {
  const dir = tempDir(t, 'der-ca-');
  const ca = createCa({ cn: 'DER CA', keyBits: 1024 });
  const der = join(dir, 'ca.der');
  writeFileSync(der, new X509Certificate(ca.certPem).raw);
  const java = analyzeStatic(properties(`jdbc:mariadb://db/app?useSsl=true&serverSslCert=${der}`, '2.7.6'));
  assert.equal(java.findings.find((x) => x.code === 'file-der-encoded'), undefined);
  assert.equal(java.files.ca?.length, 1, 'the certificate is loaded for the chain check');
  const cli = analyzeStatic(readText('my.cnf', `[client]\nhost=db\nssl-ca=${der}\n`).connections[0]);
  assert.ok(cli.findings.find((x) => x.code === 'file-der-encoded'));
});

test('MariaDB Connector/Node.js with an IP host checks "localhost" (Node) and then the IP: a certificate needs both', () => {
  const ca = createCa({ cn: 'Rules CA', keyBits: 1024 });
  const judge = (hosts: string[]) => {
    const leaf = createServerCert(ca, { cn: hosts[0], hosts, keyBits: 1024 });
    const conn = readText('my.cnf', '[client]\nhost=127.0.0.1\n').connections[0];
    const eff = effectiveTls({ ...conn, driver: 'mariadb-node', tls: { mode: 'VERIFY_IDENTITY', ca: '/ca.pem' } });
    const c: ChainContext = { eff, host: '127.0.0.1', presented: [new X509Certificate(leaf.certPem)], caFile: [new X509Certificate(ca.certPem)], now: new Date(), warnDays: 30 };
    return chainFindings(c, chainFacts(c)).find((f) => f.code === 'hostname-mismatch');
  };
  const ipOnly = judge(['127.0.0.1']);
  assert.ok(ipOnly, 'an IP-only certificate fails the name "localhost"');
  assert.match(ipOnly.title, /localhost/);
  const nameOnly = judge(['localhost']);
  assert.ok(nameOnly, 'a localhost-only certificate fails the IP, checked after the login');
  assert.match(nameOnly.title, /127\.0\.0\.1/);
  assert.equal(judge(['localhost', '127.0.0.1']), undefined);
});

/** A .env group as the agreement suite writes a PHP app's settings, judged as that PHP API. */
function phpEnv(body: string, driver: 'php-pdo' | 'php-mysqli') {
  const conn = readText('.env', `MYSQL_HOST=db\nMYSQL_PORT=3306\n${body}\n`).connections[0];
  return effectiveTls({ ...conn, driver });
}

test('PDO with only MYSQL_ATTR_SSL_VERIFY_SERVER_CERT (no CA, key, certificate or cipher) connects in plaintext', () => {
  for (const v of ['true', 'false']) assert.equal(phpEnv(`MYSQL_SSL_VERIFY_SERVER_CERT=${v}`, 'php-pdo').useTls, 'never', v);
  const caNoVerify = phpEnv('MYSQL_SSL_CA=/ca.pem\nMYSQL_SSL_VERIFY_SERVER_CERT=false', 'php-pdo');
  assert.deepEqual([caNoVerify.useTls, caNoVerify.verifyChain], ['required', false]);
});

test('mysqli with MYSQLI_CLIENT_SSL and MYSQLI_OPT_SSL_VERIFY_SERVER_CERT but no CA checks nothing (real_connect\'s flags win); a CA makes it verify', () => {
  const flagOnly = phpEnv('MYSQL_SSL=true\nMYSQL_SSL_VERIFY_SERVER_CERT=true', 'php-mysqli');
  assert.deepEqual([flagOnly.useTls, flagOnly.verifyChain, flagOnly.verifyHostname], ['required', false, false]);
  const withCa = phpEnv('MYSQL_SSL_CA=/ca.pem', 'php-mysqli');
  assert.deepEqual([withCa.useTls, withCa.verifyChain, withCa.verifyHostname], ['required', true, true]);
});
