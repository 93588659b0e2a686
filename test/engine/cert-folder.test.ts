// Where Generate Certificates proposes to write a set, and the question before it replaces one.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readText } from '../../src/engine/dialects';
import { connectionsTrustingFolder, proposedSetFolder, replaceQuestion } from '../../src/engine/certs/setFolder';
import { namesThisMachinesFile, placeOf } from '../../src/engine/static/place';
import { tempDir } from '../helpers';

test('a new set is proposed in certs/ of the project, never the project folder; a folder holding a set is passed over', (t) => {
  const project = tempDir(t);
  assert.equal(proposedSetFolder(project), join(project, 'certs'));
  mkdirSync(join(project, 'certs'));
  assert.equal(proposedSetFolder(project), join(project, 'certs'), 'an empty certs/ is still proposed');
  writeFileSync(join(project, 'certs/ca.pem'), 'x');
  assert.equal(proposedSetFolder(project), join(project, 'dev-certs'));
});

test('the connections trusting a folder\'s CA are counted as each client resolves its path (from its own file\'s folder)', (t) => {
  const project = tempDir(t);
  mkdirSync(join(project, 'app'));
  const env = join(project, 'app/.env');
  const text = [
    'DATABASE_URL=mysql://app@db1:3306/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=../certs/ca.pem',
    `REPLICA_DATABASE_URL=mysql://app@db2:3306/shop?ssl-mode=VERIFY_CA&ssl-ca=${join(project, 'certs/ca.pem')}`,
    'OTHER_DATABASE_URL=mysql://app@db3:3306/shop?ssl-mode=VERIFY_CA&ssl-ca=certs/ca.pem',
    '',
  ].join('\n');
  const conns = readText(env, text).connections;
  assert.equal(conns.length, 3);
  const trusting = connectionsTrustingFolder(conns, join(project, 'certs'));
  assert.deepEqual(trusting.map((c) => c.host), ['db1', 'db2'], 'certs/ca.pem from app/ is app/certs, another folder');
});

test('replacing a set five connections trust: the question says so, and replacing is not the default answer', (t) => {
  const project = tempDir(t);
  const conns = readText(join(project, '.env'), Array.from({ length: 5 }, (_, i) => `DB${i}_DATABASE_URL=mysql://app@db${i}:3306/x?ssl-ca=certs/ca.pem\n`).join('')).connections;
  const q = replaceQuestion('certs', [join(project, 'certs/ca.pem'), join(project, 'certs/server-key.pem')], conns);
  assert.equal(q.replaceIsDefault, false);
  assert.match(q.message, /^certs already holds a certificate set \(ca\.pem, server-key\.pem\)\. 5 connections trust its CA \(app@db0:3306, app@db1:3306, app@db2:3306 and 2 more\)/);
  const unused = replaceQuestion('certs', [join(project, 'certs/ca.pem')], []);
  assert.equal(unused.replaceIsDefault, true, 'a set nothing here trusts may be replaced by default');
  assert.match(unused.message, /No connection of this workspace trusts its CA/);
});

test('"use the new CA" leaves a template\'s or a container\'s CA path alone, and an absolute path whose folder is not here', (t) => {
  const dir = tempDir(t);
  const config = placeOf(join(dir, '.env'), '', dir);
  assert.equal(namesThisMachinesFile(config, 'certs/ca.pem', dir), true);
  assert.equal(namesThisMachinesFile(config, undefined, dir), true, 'no CA yet: one may be set');
  assert.equal(namesThisMachinesFile(config, join(dir, 'ca.pem'), dir), true);
  assert.equal(namesThisMachinesFile(config, '/no/such/folder/ca.pem', dir), false);
  if (process.platform !== 'win32') assert.equal(namesThisMachinesFile(config, 'C:\\certs\\ca.pem', dir), false, 'a Windows path read elsewhere');
  assert.equal(namesThisMachinesFile(placeOf(join(dir, '.env.example'), '', dir), 'certs/ca.pem', dir), false);
  const compose = 'services:\n  app:\n    environment:\n      DATABASE_URL: mysql://db/x\n    volumes:\n      - ./certs:/certs\n';
  assert.equal(namesThisMachinesFile(placeOf(join(dir, 'docker-compose.yml'), compose, dir), '/certs/ca.pem', dir), false);
  assert.equal(namesThisMachinesFile(placeOf(join(dir, 'docker-compose.yml'), compose, dir), undefined, dir), false, 'a container gets no host path');
});
