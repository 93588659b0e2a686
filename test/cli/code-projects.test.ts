// One small project per ecosystem (test/fixtures/code-projects): scan, lint and diagnose --file
// find each connection written in code or framework config, with its host, port, driver, mode and
// line, through the built CLI (grammars loaded from dist/grammars, as users get them).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertNoCanary, CANARY_PASSWORD, tempDir } from '../helpers';
import { runCli } from '../helpers/run-cli';

const ROOT = join(__dirname, '..', 'fixtures', 'code-projects');

interface Entry { file: string; line: number; dialect: string; driver?: string; host?: string; port?: number; sslMode?: string }

test('scan finds the connection of each ecosystem, on its line, with its driver and mode', async () => {
  const r = await runCli(['scan', ROOT, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const entries = (JSON.parse(r.stdout) as Entry[]).map((e) => [e.file, e.line, e.dialect, e.host, e.port, e.sslMode]);
  assert.deepEqual(entries, [
    ['compose/docker-compose.yml', 5, 'yaml', '127.0.0.1', 3306, 'DISABLED'],
    ['dotnet/Shop/appsettings.json', 3, 'dotnet', '127.0.0.1', 3306, 'REQUIRED'],
    ['node/src/db.ts', 4, 'js', '127.0.0.1', 3306, 'REQUIRED'],
    ['php/app/db.php', 3, 'php', '127.0.0.1', 3306, undefined],
    ['php/laravel/.env', 1, 'dotenv', '127.0.0.1', 3306, undefined],
    ['php/laravel/config/database.php', 7, 'php', '127.0.0.1', 3306, undefined],
    ['php/wordpress/wp-config.php', 3, 'php', '127.0.0.1', 3306, 'REQUIRED'],
    ['python/app/settings.py', 4, 'python', '127.0.0.1', 3306, 'REQUIRED'],
    ['rails/config/database.yml', 8, 'yaml', '127.0.0.1', 3306, 'VERIFY_IDENTITY'],
    ['spring-properties/src/main/resources/application.properties', 1, 'properties', '127.0.0.1', 3306, 'PREFERRED'],
    ['spring/src/main/resources/application.yml', 3, 'yaml', '127.0.0.1', 3306, 'REQUIRED'],
  ]);
});

test('lint reports, on the code lines, what each client will do with these settings', async () => {
  const r = await runCli(['lint', ROOT, '--json', '--fail-on', 'never']);
  assert.equal(r.code, 0, r.stderr);
  const found = (JSON.parse(r.stdout) as { file: string; line: number; finding: { code: string } }[]).map((e) => `${e.file.replace(/\\/g, '/').split('code-projects/')[1] ?? e.file}:${e.line} ${e.finding.code}`);
  for (const expected of [
    'node/src/db.ts:9 file-missing', // readFileSync('certs/ca.pem') reads a file that is not there
    'node/src/db.ts:8 verification-disabled', // on the ssl option that holds rejectUnauthorized: false
    'compose/docker-compose.yml:7 tls-not-used',
    'rails/config/database.yml:11 file-missing',
    'php/app/db.php:4 file-missing', // __DIR__ . '/../certs/ca.pem', relative to the PHP file
    'php/laravel/config/database.php:15 file-missing', // env('MYSQL_ATTR_SSL_CA') from the project's .env, relative to its folder
    'php/wordpress/wp-config.php:6 verification-disabled', // MYSQLI_CLIENT_SSL alone checks nothing
    'dotnet/Shop/appsettings.json:3 verification-disabled', // MySqlConnector's Required checks nothing, SslCa or not
    'spring-properties/src/main/resources/application.properties:3 tls-optional', // the Hikari sslMode line
  ]) assert.ok(found.includes(expected), `${expected} in:\n${found.join('\n')}`);
});

test('diagnose --file reads the connection written in TypeScript and in YAML', async () => {
  for (const [file, driver, dialect] of [['node/src/db.ts:5', 'mysql2', 'js'], ['rails/config/database.yml:9', 'ruby-mysql2', 'yaml'], ['python/app/settings.py:5', 'mysqlclient', 'python'], ['php/laravel/config/database.php:9', 'php-pdo', 'php'], ['php/wordpress/wp-config.php:5', 'php-mysqli', 'php'], ['dotnet/Shop/appsettings.json:3', 'mysqlconnector', 'dotnet'], ['spring-properties/src/main/resources/application.properties:1', 'connector-j', 'properties']]) {
    const r = await runCli(['diagnose', '--file', join(ROOT, file), '--json', '--timeout', '300', '--no-auth']);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const target = (JSON.parse(r.stdout) as { target: { host: string; port: number; driver: string; dialect: string } }).target;
    assert.deepEqual([target.host, target.port, target.driver, target.dialect], ['127.0.0.1', 3306, driver, dialect]);
  }
});

test('a password written in PHP stays masked when the PHP reader is loaded from beside the bundle', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'db.php');
  writeFileSync(file, `<?php\n$pdo = new PDO('mysql:host=127.0.0.1;port=9;dbname=d', 'app', '${CANARY_PASSWORD}', [PDO::MYSQL_ATTR_SSL_CA => '/missing/ca.pem']);\n`);
  for (const args of [['scan', dir, '--json'], ['lint', dir, '--json'], ['diagnose', '--file', file, '--json', '--timeout', '300']]) {
    const r = await runCli(args);
    assert.ok(r.code === 0 || r.code === 1, `${args[0]}: ${r.stderr}`);
    assert.match(r.stdout, /php-pdo/, `${args[0]} read the PHP connection`);
    assertNoCanary(r.stdout + r.stderr, args[0]);
  }
});
