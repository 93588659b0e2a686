import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { Connection, DriverId, TlsSettings } from '../../src/engine/model/connection';
import { CLOUD_PROVIDERS, cloudFinding, cloudProviderFor, cloudProviderForChain } from '../../src/engine/cloud';
import { effectiveTls } from '../../src/engine/drivers/effective';

function eff(driver: DriverId, tls: TlsSettings, host: string) {
  const c: Connection = {
    id: 't', label: host, dialect: 'uri', driver, host, port: 3306, tls,
    span: { start: 0, end: 0 }, params: {}, problems: [],
  };
  return effectiveTls(c);
}

test('RDS and Aurora hosts are recognised, including China regions', () => {
  assert.equal(cloudProviderFor('mydb.abc123xyz.eu-west-1.rds.amazonaws.com')?.id, 'aws-rds');
  assert.equal(cloudProviderFor('cluster.cluster-ro-abc.us-east-1.rds.amazonaws.com')?.id, 'aws-rds');
  assert.equal(cloudProviderFor('db.xyz.cn-north-1.rds.amazonaws.com.cn')?.id, 'aws-rds');
  assert.equal(cloudProviderFor('MYDB.ABC.US-EAST-1.RDS.AMAZONAWS.COM.')?.id, 'aws-rds', 'case and trailing dot');
});

test('each provider host suffix maps to its provider', () => {
  assert.equal(cloudProviderFor('myserver.mysql.database.azure.com')?.id, 'azure-mysql');
  assert.equal(cloudProviderFor('abc.def.us-central1.sql.goog')?.id, 'gcp-cloud-sql');
  assert.equal(cloudProviderFor('aws.connect.psdb.cloud')?.id, 'planetscale');
  assert.equal(cloudProviderFor('db-mysql-nyc1-123-do-user-1-0.b.db.ondigitalocean.com')?.id, 'digitalocean');
  assert.equal(cloudProviderFor('gateway01.us-west-2.prod.aws.tidbcloud.com')?.id, 'tidb-cloud');
  assert.equal(cloudProviderFor('mysql-1a2b-project.aivencloud.com')?.id, 'aiven');
});

test('look-alike and local hosts are not cloud providers', () => {
  for (const h of ['localhost', '127.0.0.1', 'rds.amazonaws.com.evil.example', 'evilrds.amazonaws.com', 'db.example.com', '', 'x'.repeat(300)]) {
    assert.equal(cloudProviderFor(h), undefined, h);
  }
});

test('Cloud SQL reached by IP is recognised from its server CA', () => {
  const chain = [{ subject: 'CN=proj:inst', issuer: 'CN=Google Cloud SQL Server CA,O=Google\\, Inc,C=US', notBefore: '', notAfter: '', san: [], sha256: '' }];
  assert.equal(cloudProviderForChain(chain)?.id, 'gcp-cloud-sql');
  const f = cloudFinding('34.1.2.3', {}, eff('mysql-cli', {}, '34.1.2.3'), chain);
  assert.equal(f?.code, 'cloud-ca-bundle');
  assert.ok(f?.fixes.some((x) => x.kind === 'set-ssl-mode' && x.mode === 'VERIFY_CA'));
});

test('RDS host with the mysql CLI and no CA gets the RDS bundle advice', () => {
  const host = 'mydb.abc.eu-west-1.rds.amazonaws.com';
  const f = cloudFinding(host, {}, eff('mysql-cli', {}, host));
  assert.ok(f);
  assert.equal(f.code, 'cloud-ca-bundle');
  assert.equal(f.severity, 'info');
  assert.equal(f.cause, 2);
  assert.equal(f.param, 'ca');
  assert.match(f.detail, /global-bundle\.pem/);
  assert.match(f.detail, /docs\.aws\.amazon\.com/);
  const setCa = f.fixes.find((x) => x.kind === 'set-ca');
  assert.equal(setCa && 'path' in setCa ? setCa.path : undefined, 'global-bundle.pem');
  assert.ok(f.fixes.some((x) => x.kind === 'manual' && x.commands?.some((c) => c.includes('truststore.pki.rds.amazonaws.com'))));
});

test('RDS host with a CA configured and VERIFY_IDENTITY gets no advice', () => {
  const host = 'mydb.abc.eu-west-1.rds.amazonaws.com';
  const tls: TlsSettings = { mode: 'VERIFY_IDENTITY', ca: 'global-bundle.pem' };
  assert.equal(cloudFinding(host, tls, eff('mysql-cli', tls, host)), undefined);
});

test('mysql2 with the Amazon RDS profile on an RDS host gets no advice', () => {
  const host = 'mydb.abc.eu-west-1.rds.amazonaws.com';
  const tls: TlsSettings = { profile: 'Amazon RDS' };
  assert.equal(cloudFinding(host, tls, eff('mysql2', tls, host)), undefined);
});

test('PlanetScale with Prisma strict and system roots gets no advice', () => {
  const host = 'aws.connect.psdb.cloud';
  const tls: TlsSettings = { verifyServerCert: true };
  assert.equal(cloudFinding(host, tls, eff('prisma', tls, host)), undefined);
});

test('PlanetScale with Prisma default (accept_invalid_certs) is told to verify', () => {
  const host = 'aws.connect.psdb.cloud';
  const f = cloudFinding(host, {}, eff('prisma', {}, host));
  assert.ok(f);
  assert.match(f.title, /turn verification on/);
  assert.match(f.detail, /sslaccept=strict/);
  assert.ok(f.fixes.some((x) => x.kind === 'set-ssl-mode' && x.mode === 'VERIFY_IDENTITY'));
});

test('Azure advice names both new roots and the old one, with Microsoft docs', () => {
  const host = 'myserver.mysql.database.azure.com';
  const f = cloudFinding(host, { mode: 'REQUIRED' }, eff('mysql-cli', { mode: 'REQUIRED' }, host));
  assert.ok(f);
  assert.match(f.detail, /DigiCert Global Root G2/);
  assert.match(f.detail, /Microsoft RSA Root Certificate Authority 2017/);
  assert.match(f.detail, /DigiCert Global Root CA/);
  assert.match(f.detail, /learn\.microsoft\.com/);
});

test('a non-cloud host gets no cloud finding', () => {
  assert.equal(cloudFinding('db.example.com', {}, eff('mysql-cli', {}, 'db.example.com')), undefined);
});

test('the bundled RDS CA is real PEM that parses as CA certificates', () => {
  const aws = CLOUD_PROVIDERS.find((p) => p.id === 'aws-rds');
  const pem = aws?.bundledCa?.() ?? '';
  const blocks = pem.split('-----END CERTIFICATE-----').filter((b) => b.includes('BEGIN CERTIFICATE'));
  assert.ok(blocks.length > 10, `expected many RDS CAs, got ${blocks.length}`);
  const first = new X509Certificate(blocks[0] + '-----END CERTIFICATE-----\n');
  assert.equal(first.ca, true);
  assert.match(first.subject, /Amazon|RDS/);
});

test('every provider has advice, a docs URL and at least one suffix', () => {
  for (const p of CLOUD_PROVIDERS) {
    assert.ok(p.caAdvice.length > 40, p.id);
    assert.match(p.docsUrl, /^https:\/\//, p.id);
    assert.ok(p.hostSuffixes.length > 0 && p.hostSuffixes.every((s) => s.startsWith('.')), p.id);
  }
});
