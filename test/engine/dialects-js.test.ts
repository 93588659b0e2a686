// JavaScript/TypeScript connections read from the syntax tree: which calls and objects are MySQL
// connections, the driver each means, the exact spans, values from .env and readFileSync, the
// settings the driver ignores; and quick fixes that edit only the value they mean.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { planEdit, readText, type ParamChange } from '../../src/engine/dialects';
import { loadGrammarFor } from '../../src/engine/dialects/code';
import { envFromText } from '../../src/engine/dialects/code/env';
import type { Connection } from '../../src/engine/model/connection';
import { applyEdits } from '../../src/engine/model/span';

before(async () => {
  assert.ok(await loadGrammarFor('x.js'), 'the JavaScript grammar loads');
  assert.ok(await loadGrammarFor('x.ts'), 'the TypeScript grammar loads');
});

const noEnv = envFromText('');

function read(file: string, text: string, env = noEnv): Connection[] {
  return readText(file, text, { env }).connections;
}

/** The text a parameter's value span covers. */
function valueOf(text: string, c: Connection, key: keyof Connection['params']): string | undefined {
  const loc = c.params[key];
  return loc ? text.slice(loc.valueSpan.start, loc.valueSpan.end) : undefined;
}

function edit(file: string, text: string, change: ParamChange, index = 0): string {
  const c = read(file, text)[index];
  const r = planEdit(text, c, change);
  if ('error' in r) throw new Error(r.error);
  return applyEdits(text, r.edits);
}

test('mysql2 createPool with an ssl object: host, port, user, the CA file it reads, rejectUnauthorized', () => {
  const text = `const mysql = require('mysql2/promise');\nconst fs = require('fs');\nconst pool = mysql.createPool({\n  host: 'db.example.com',\n  port: 3307,\n  user: 'app',\n  password: 'pw',\n  ssl: { ca: fs.readFileSync('certs/ca.pem'), rejectUnauthorized: false },\n});\n`;
  const [c] = read('db.js', text);
  assert.equal(c.dialect, 'js');
  assert.equal(c.driver, 'mysql2');
  assert.equal(c.host, 'db.example.com');
  assert.equal(c.port, 3307);
  assert.equal(c.user, 'app');
  assert.equal(c.tls.ca, 'certs/ca.pem');
  assert.equal(c.tls.verifyServerCert, false);
  assert.equal(c.tls.mode, 'REQUIRED');
  assert.equal(valueOf(text, c, 'ca'), 'certs/ca.pem');
  assert.equal(valueOf(text, c, 'verifyServerCert'), 'false');
  assert.equal(text.slice(c.span.start, c.span.start + 17), 'mysql.createPool(');
  assert.equal(String(c.password), '****');
});

test('the driver follows the import: mysql, mariadb, mysql2 named imports in TypeScript', () => {
  const text = `import { createConnection } from 'mysql2';\nimport * as legacy from 'mysql';\nimport mariadb from 'mariadb';\nconst a = createConnection({ host: 'a' });\nconst b = legacy.createPool({ host: 'b' });\nconst c = mariadb.createPool({ host: 'c', ssl: true } as PoolConfig);\n`;
  const cs = read('db.ts', text);
  assert.deepEqual(cs.map((c) => [c.host, c.driver]), [['a', 'mysql2'], ['b', 'mysql'], ['c', 'mariadb-node']]);
  assert.equal(cs[2].tls.mode, 'REQUIRED');
});

test('PostgreSQL and SQLite written the same way are not connections', () => {
  const text = `const { Pool } = require('pg');\nnew Pool({ host: 'pg', ssl: { rejectUnauthorized: false } });\nrequire('knex')({ client: 'pg', connection: { host: 'pgdb' } });\nnew Sequelize({ dialect: 'postgres', host: 'p' });\nnew DataSource({ type: 'sqlite', database: 'x.db' });\nconst other = createPool({ host: 'x' });\n`;
  assert.deepEqual(read('db.js', text), []);
});

test('process.env values come from the project .env, and say so; a missing key is unknown', () => {
  const text = `const mysql = require('mysql2');\nmysql.createConnection({ host: process.env.DB_HOST, user: process.env['DB_USER'], port: process.env.DB_PORT || 3306 });\n`;
  const [c] = read('db.js', text, envFromText('DB_HOST=env-db.internal\n'));
  assert.equal(c.host, 'env-db.internal');
  assert.equal(c.origins?.host, 'from .env (DB_HOST)');
  assert.equal(c.user, undefined);
  assert.match(c.origins?.user ?? '', /DB_USER: not in the project's \.env/);
  assert.equal(c.port, 3306);
});

test('a CA path where mysql2 wants the PEM text, and rejectUnauthorized outside ssl, are settings the driver ignores', () => {
  const text = `const mysql = require('mysql2');\nmysql.createConnection({ host: 'h', ssl: { ca: 'certs/ca.pem' }, rejectUnauthorized: true, sslmode: 'require' });\n`;
  const [c] = read('db.js', text);
  assert.equal(c.tls.ca, undefined, 'no CA file is read');
  const notes = (c.settingNotes ?? []).map((n) => [n.key, text.slice(n.span.start, n.span.end)]);
  assert.deepEqual(notes, [['ca', "ca: 'certs/ca.pem'"], ['rejectUnauthorized', 'rejectUnauthorized: true'], ['sslmode', "sslmode: 'require'"]]);
  assert.match(c.settingNotes?.[0].message ?? '', /wants the PEM text/);
});

test('knex with a mysql2 client and a connection object or string', () => {
  const text = `module.exports = {\n  production: { client: 'mysql2', connection: { host: 'k1', ssl: { rejectUnauthorized: true, verifyIdentity: true } } },\n  staging: { client: 'mysql', connection: 'mysql://u@k2:3306/db' },\n};\n`;
  const cs = read('knexfile.js', text);
  assert.deepEqual(cs.map((c) => [c.host, c.driver, c.tls.mode]), [['k1', 'mysql2', 'VERIFY_IDENTITY'], ['k2', 'mysql', undefined]]);
});

test('Sequelize: positional credentials, dialect mysql, dialectOptions.ssl; a top-level ssl is ignored', () => {
  const text = `const { Sequelize } = require('sequelize');\nconst s = new Sequelize('shop', 'app', 'pw', { host: 'sq', dialect: 'mysql', ssl: true, dialectOptions: { ssl: { ca: fs.readFileSync(path.join(__dirname, 'ca.pem')) } } });\n`;
  const [c] = read('db.js', text);
  assert.equal(c.host, 'sq');
  assert.equal(c.user, 'app');
  assert.equal(c.database, 'shop');
  assert.equal(c.tls.ca, 'ca.pem');
  assert.equal(c.tls.mode, 'VERIFY_CA');
  assert.deepEqual(c.settingNotes?.map((n) => n.key), ['ssl']);
});

test('TypeORM DataSource, MikroORM and Drizzle configs', () => {
  const text = `import { DataSource } from 'typeorm';\nimport { defineConfig } from 'drizzle-kit';\nexport const ds = new DataSource({ type: 'mariadb', host: 't', port: 3306, username: 'u', ssl: { ca: readFileSync('ca.pem') } });\nexport default defineConfig({ dialect: 'mysql', dbCredentials: { host: 'd', user: 'u', ssl: { rejectUnauthorized: false } } });\nconst orm = { driver: MySqlDriver, host: 'm', driverOptions: { connection: { ssl: { verifyIdentity: true } } } };\n`;
  const cs = read('data-source.ts', text);
  assert.deepEqual(cs.map((c) => [c.host, c.tls.mode]), [['t', 'VERIFY_CA'], ['d', 'REQUIRED'], ['m', 'VERIFY_IDENTITY']]);
});

test('half-typed code in the editor still reads', () => {
  const text = `const mysql = require('mysql2');\nconst pool = mysql.createPool({ host: 'db', ssl: { ca: fs.readFileSync('ca.pem'), rejectUnauthorized: false }, port: `;
  const cs = read('db.js', text);
  assert.equal(cs.length, 1);
  assert.equal(cs[0].host, 'db');
  assert.equal(cs[0].tls.ca, 'ca.pem');
});

test('a mysql:// string elsewhere in a JS file is still read once', () => {
  const text = `const mysql = require('mysql2');\nconst url = 'mysql://app@u1:3306/db';\nmysql.createConnection({ uri: 'mysql://app@u2/db', ssl: { rejectUnauthorized: true } });\n`;
  const cs = read('db.js', text);
  assert.deepEqual(cs.map((c) => [c.host, c.dialect]), [['u1', 'uri'], ['u2', 'js']]);
  assert.equal(cs[1].tls.mode, 'VERIFY_CA');
});

// ---- quick fixes, byte for byte ----------------------------------------------------------------

test('VERIFY_IDENTITY sets rejectUnauthorized in place and adds verifyIdentity on the next line, indented alike', () => {
  const text = `const mysql = require('mysql2');\nmysql.createPool({\n  host: 'db',\n  ssl: {\n    ca: fs.readFileSync('ca.pem'),\n    rejectUnauthorized: false,\n  },\n});\n`;
  assert.equal(edit('db.js', text, { param: 'mode', value: 'VERIFY_IDENTITY' }), `const mysql = require('mysql2');\nmysql.createPool({\n  host: 'db',\n  ssl: {\n    ca: fs.readFileSync('ca.pem'),\n    rejectUnauthorized: true,\n    verifyIdentity: true,\n  },\n});\n`);
});

test('a connection without ssl gets one ssl object on one line', () => {
  const text = `const mysql = require("mysql2");\nmysql.createConnection({ host: "db", user: "app" });\n`;
  assert.equal(edit('db.js', text, { param: 'mode', value: 'VERIFY_IDENTITY' }), `const mysql = require("mysql2");\nmysql.createConnection({ host: "db", user: "app", ssl: { rejectUnauthorized: true, verifyIdentity: true } });\n`);
});

test('a CA path given as text is wrapped in the readFileSync the file already imports', () => {
  const text = `import fs from 'node:fs';\nimport mysql from 'mysql2';\nmysql.createConnection({ host: 'db', ssl: { ca: 'certs/ca.pem' } });\n`;
  assert.equal(edit('db.ts', text, { param: 'ca', value: 'certs/ca.pem' }), `import fs from 'node:fs';\nimport mysql from 'mysql2';\nmysql.createConnection({ host: 'db', ssl: { ca: fs.readFileSync('certs/ca.pem') } });\n`);
});

test('pointing the CA at another file changes only the path inside readFileSync', () => {
  const text = `const mysql = require('mysql2');\nmysql.createPool({ host: 'db', ssl: { ca: fs.readFileSync('old/ca.pem') } });\n`;
  assert.equal(edit('db.js', text, { param: 'ca', value: "C:\\certs\\it's.pem" }), `const mysql = require('mysql2');\nmysql.createPool({ host: 'db', ssl: { ca: fs.readFileSync('C:\\\\certs\\\\it\\'s.pem') } });\n`);
});

test('the host is changed inside its quotes; a host from .env is refused with where to change it', () => {
  const text = `const mysql = require('mysql2');\nmysql.createPool({ host: \`db.old\`, ssl: {} });\n`;
  assert.equal(edit('db.js', text, { param: 'host', value: 'db.example.com' }), `const mysql = require('mysql2');\nmysql.createPool({ host: \`db.example.com\`, ssl: {} });\n`);
  const envText = `const mysql = require('mysql2');\nmysql.createPool({ host: process.env.DB_HOST });\n`;
  const [c] = read('db.js', envText, envFromText('DB_HOST=x'));
  const r = planEdit(envText, c, { param: 'host', value: 'y' });
  assert.ok('error' in r && /from \.env \(DB_HOST\): change it there/.test(r.error));
});

test('TLS versions become minVersion in the ssl object', () => {
  const text = `const mysql = require('mysql2');\nmysql.createPool({ host: 'db', ssl: {} });\n`;
  assert.equal(edit('db.js', text, { param: 'tlsVersions', value: ['TLSv1.2', 'TLSv1.3'] }), `const mysql = require('mysql2');\nmysql.createPool({ host: 'db', ssl: { minVersion: 'TLSv1.2' } });\n`);
});

test('settings the driver ignores in code become setting-ignored findings on their own spans (lint, diagnostics)', async () => {
  const { analyzeStatic } = await import('../../src/engine/static/analyze');
  const text = `const mysql = require('mysql2');\nmysql.createConnection({ host: 'h', ssl: { ca: 'certs/ca.pem' }, rejectUnauthorized: true });\n`;
  const [c] = read('db.js', text);
  const found = analyzeStatic(c, { text }).findings.filter((f) => f.code === 'setting-ignored');
  assert.deepEqual(found.map((f) => text.slice(f.span!.start, f.span!.end)), ["ca: 'certs/ca.pem'", 'rejectUnauthorized: true']);
  assert.match(found[0].detail, /wants the PEM text/);
});
