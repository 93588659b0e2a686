// YAML connections: Spring's spring.datasource.*, Rails' database.yml, docker-compose and
// Kubernetes environment entries, with exact spans; values from .env; quick fixes in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planEdit, readText, type ParamChange } from '../../src/engine/dialects';
import { envFromText } from '../../src/engine/dialects/code/env';
import type { Connection } from '../../src/engine/model/connection';
import { applyEdits } from '../../src/engine/model/span';

const noEnv = envFromText('');
const read = (file: string, text: string, env = noEnv): Connection[] => readText(file, text, { env }).connections;
const at = (text: string, c: Connection, k: keyof Connection['params']) => (c.params[k] ? text.slice(c.params[k]!.valueSpan.start, c.params[k]!.valueSpan.end) : undefined);

function edit(file: string, text: string, change: ParamChange, index = 0): string {
  const c = read(file, text)[index];
  const r = planEdit(text, c, change);
  if ('error' in r) throw new Error(r.error);
  return applyEdits(text, r.edits);
}

const SPRING = `spring:\n  datasource:\n    url: jdbc:mysql://db.example.com:3306/shop?sslMode=VERIFY_CA\n    username: app\n    password: \${DB_PASSWORD}\n    hikari:\n      data-source-properties:\n        trustCertificateKeyStoreUrl: file:/etc/trust.jks\n`;

test('Spring application.yml: the JDBC URL with username and Hikari properties, one yaml connection', () => {
  const cs = read('application.yml', SPRING);
  assert.equal(cs.length, 1);
  const [c] = cs;
  assert.equal(c.dialect, 'yaml');
  assert.equal(c.driver, 'connector-j');
  assert.equal(c.host, 'db.example.com');
  assert.equal(c.user, 'app');
  assert.equal(c.tls.mode, 'VERIFY_CA');
  assert.equal(c.tls.trustStore, 'file:/etc/trust.jks');
  assert.equal(at(SPRING, c, 'mode'), 'VERIFY_CA');
  assert.equal(at(SPRING, c, 'user'), 'app');
});

const RAILS = `default: &default\n  adapter: mysql2\n  encoding: utf8mb4\n  host: <%= ENV.fetch("DB_HOST") { "localhost" } %>\n  sslca: /etc/ssl/ca.pem\n\nproduction:\n  <<: *default\n  database: shop\n  ssl_mode: required\n\ntest:\n  adapter: postgresql\n  host: pg\n`;

test('Rails database.yml: mysql2 entries (merged from the anchor) are ruby-mysql2 connections; the anchored default block is not one; postgresql is not read', () => {
  const cs = read('config/database.yml', RAILS, envFromText('DB_HOST=db.internal'));
  assert.deepEqual(cs.map((c) => [c.host, c.driver, c.tls.mode, c.tls.ca, c.database]), [
    ['db.internal', 'ruby-mysql2', 'REQUIRED', '/etc/ssl/ca.pem', 'shop'],
  ]);
  assert.equal(cs[0].origins?.host, 'from .env (DB_HOST)');
});

test('docker-compose environment (map and list) and Kubernetes env entries make key groups', () => {
  const compose = `services:\n  app:\n    environment:\n      DB_HOST: mysql\n      DB_PORT: "3306"\n      DB_SSL_MODE: REQUIRED\n  worker:\n    environment:\n      - MYSQL_HOST=db2\n      - MYSQL_SSL_CA=/ca.pem\n`;
  const cs = read('docker-compose.yml', compose);
  assert.deepEqual(cs.map((c) => [c.dialect, c.form, c.host, c.port, c.tls.mode ?? c.tls.ca]), [['yaml', 'compose-environment', 'mysql', 3306, 'REQUIRED'], ['yaml', 'compose-environment', 'db2', undefined, '/ca.pem']]);
  assert.equal(at(compose, cs[0], 'port'), '3306');
  const k8s = `spec:\n  containers:\n    - name: app\n      env:\n        - name: MYSQL_HOST\n          value: db3\n        - name: MYSQL_SSL_MODE\n          value: "VERIFY_IDENTITY"\n`;
  const [k] = read('deploy.yaml', k8s);
  assert.equal(k.host, 'db3');
  assert.equal(k.tls.mode, 'VERIFY_IDENTITY');
});

test('broken YAML still reads what it can, never throws', () => {
  const text = `production:\n  adapter: mysql2\n  host: "db\n  port: [3306\n`;
  assert.doesNotThrow(() => read('database.yml', text));
});

test('quick fixes replace the value in place: Rails ssl_mode, a compose value in its quotes, Spring sslMode', () => {
  assert.equal(edit('database.yml', RAILS, { param: 'mode', value: 'VERIFY_IDENTITY' }, 0), RAILS.replace('ssl_mode: required', 'ssl_mode: verify_identity'));
  const compose = `services:\n  app:\n    environment:\n      MYSQL_HOST: "old"\n      MYSQL_PORT: 3306\n`;
  assert.equal(edit('compose.yaml', compose, { param: 'host', value: 'db.example.com' }), compose.replace('"old"', '"db.example.com"'));
  assert.equal(edit('application.yml', SPRING, { param: 'mode', value: 'VERIFY_IDENTITY' }), SPRING.replace('sslMode=VERIFY_CA', 'sslMode=VERIFY_IDENTITY'));
});

test('a missing Rails key is added on its own line with the entry\'s indentation', () => {
  const text = `production:\n  adapter: mysql2\n  host: db\n`;
  assert.equal(edit('database.yml', text, { param: 'ca', value: '/etc/ssl/ca.pem' }), `production:\n  adapter: mysql2\n  host: db\n  sslca: /etc/ssl/ca.pem\n`);
});

test('Spring YAML: serverSslCert is MariaDB Connector/J\'s; under jdbc:mysql: Connector/J ignores it (noted), as in .properties', () => {
  const yml = (url: string) => `spring:\n  datasource:\n    url: ${url}\n    hikari:\n      data-source-properties:\n        serverSslCert: /etc/ssl/ca.pem\n`;
  const mysql = read('application.yml', yml('jdbc:mysql://db.example.com/shop?sslMode=VERIFY_CA'))[0];
  assert.equal(mysql.tls.ca, undefined);
  assert.equal(mysql.settingNotes?.[0]?.code, 'setting-ignored');
  const maria = read('application.yml', yml('jdbc:mariadb://db.example.com/shop?sslMode=verify-ca'))[0];
  assert.equal(maria.tls.ca, '/etc/ssl/ca.pem');
  assert.equal(maria.settingNotes?.length ?? 0, 0);
});
