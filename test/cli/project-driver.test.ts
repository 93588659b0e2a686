// The CLI says which driver it assumed and why: a DATABASE_URL in a Node project using mysql2 is
// read as mysql2 (the project's package.json), in scan's table and JSON and in diagnose's report.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

function nodeProject(t: Parameters<typeof tempDir>[0]): string {
  const dir = tempDir(t);
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shop', dependencies: { mysql2: '^3.9.0' } }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/mysql2': { version: '3.9.7' } } }));
  writeFileSync(join(dir, '.env'), 'DATABASE_URL=mysql://app:Canary-7Qx-pw@127.0.0.1:1/shop\n');
  return dir;
}

test('scan in a Node project using mysql2 reads a DATABASE_URL as mysql2, and says it comes from package.json', async (t) => {
  const dir = nodeProject(t);
  const json = await runCli(['scan', dir, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const [e] = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
  assert.equal(e.driver, 'mysql2');
  assert.equal(e.driverSource, 'project:package.json');
  assert.equal(e.driverVersion, '3.9.7');
  const text = await runCli(['scan', dir]);
  assert.match(text.stdout, /mysql2 3\.9\.7 \(package\.json\)/);
  assert.ok(!text.stdout.includes('Canary-7Qx-pw') && !json.stdout.includes('Canary-7Qx-pw'));
});

test('diagnose --file on that .env reports the driver mysql2, where it was decided, and its version', async (t) => {
  const dir = nodeProject(t);
  const r = await runCli(['diagnose', '--file', join(dir, '.env'), '--json', '--timeout', '1000', '--no-auth']);
  const target = (JSON.parse(r.stdout) as { target: Record<string, unknown> }).target;
  assert.equal(target.driver, 'mysql2');
  assert.equal(target.driverSource, 'project:package.json');
  assert.equal(target.driverVersion, '3.9.7');
  assert.equal(target.sslMode, 'DISABLED', 'mysql2 without ssl uses no TLS (the mysql CLI would prefer it)');
  const text = await runCli(['diagnose', '--file', join(dir, '.env'), '--timeout', '1000', '--no-auth']);
  assert.match(text.stdout, /driver {3}mysql2 \(Node\.js\) 3\.9\.7: the project's package\.json names it/);
});

test('--driver wins over the project and says so; --driver-version names a C library family', async (t) => {
  const dir = nodeProject(t);
  const r = await runCli(['diagnose', '--file', join(dir, '.env'), '--json', '--timeout', '1000', '--no-auth', '--driver', 'mysql-cli', '--driver-version', 'mariadb-11.4']);
  const target = (JSON.parse(r.stdout) as { target: Record<string, unknown> }).target;
  assert.equal(target.driver, 'mysql-cli');
  assert.equal(target.driverSource, 'option');
  assert.equal(target.driverVersion, 'mariadb-11.4');
  assert.equal(target.clientLibrary, 'libmariadb');
  assert.equal(target.sslMode, 'VERIFY_IDENTITY', 'MariaDB 11.4 clients verify by default');
  const bad = await runCli(['diagnose', '--file', join(dir, '.env'), '--driver', 'node']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--driver must be one of .*mariadb-node.*sqlx/);
});
