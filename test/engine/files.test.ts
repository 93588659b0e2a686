import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import fs, { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, mock, test } from 'node:test';
import { checkLocalFiles, type LocalFiles } from '../../src/engine/certs/files';
import { isRelativePath } from '../../src/engine/certs/paths';
import { derToPem } from '../../src/engine/certs/pem';
import { explainErrno, explainFsError } from '../../src/engine/certs/read-file';
import { createCa, createClientCert, encryptKey, type Issued } from '../../src/engine/certs/generate';
import type { TlsSettings } from '../../src/engine/model/connection';
import type { Finding } from '../../src/engine/model/finding';
import { tempDir, writeIn } from '../helpers/temp-dir';

const now = new Date('2030-06-01T00:00:00Z');
const KB = { keyBits: 1024 };
const dir = tempDir();
const ca = createCa({ cn: 'Files CA', ...KB });
const client = createClientCert(ca, { cn: 'app-client', ...KB, notBefore: new Date('2029-01-01Z'), notAfter: new Date('2032-01-01Z') });
const stranger = createClientCert(ca, { cn: 'stranger', ...KB });

const put = (name: string, content: string | Buffer): string => writeIn(dir, name, content);

const caPath = put('ca.pem', ca.certPem);
const certPath = put('client-cert.pem', client.certPem);
const keyPath = put('client-key.pem', client.keyPem);

function check(tls: TlsSettings, baseDir?: string): LocalFiles {
  return checkLocalFiles(tls, { baseDir, now, warnDays: 30 });
}

function only(r: LocalFiles): Finding {
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings.map((f) => f.code)));
  return r.findings[0];
}

function derOf(pem: string): Buffer {
  return Buffer.from(pem.split('\n').filter((l) => l && !l.startsWith('-----')).join(''), 'base64');
}

/** The base64 lines of a key: none of them may appear in any output. */
function assertNoKeyMaterial(r: LocalFiles, ...keys: Issued[]): void {
  const out = JSON.stringify(r.findings);
  for (const k of keys) {
    for (const line of k.keyPem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) {
      assert.ok(!out.includes(line.slice(0, 20)), 'key material in a finding');
    }
  }
}

describe('local files', () => {
  test('healthy CA, client certificate and key load as the client loads them', () => {
    const r = check({ ca: caPath, cert: certPath, key: keyPath });
    assert.deepEqual(r.findings, []);
    assert.equal(r.ca?.[0].subject, 'CN=Files CA');
    assert.equal(r.clientCert?.subject, 'CN=app-client');
    assert.equal(r.clientKey?.type, 'private');
  });

  test('CA file that does not exist', () => {
    const f = only(check({ ca: join(dir, 'nope', 'ca.pem') }));
    assert.equal(f.code, 'file-missing');
    assert.equal(f.param, 'ca');
    assert.equal(f.evidence.path, join(dir, 'nope', 'ca.pem'));
    assert.equal(f.fixes[0].kind, 'set-ca');
  });

  test('relative path resolves against the folder of the file that configures it', () => {
    const sub = join(dir, 'app');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'ca.pem'), ca.certPem);
    const r = check({ ca: 'ca.pem' }, sub);
    assert.deepEqual(r.findings, []);
    assert.equal(r.ca?.length, 1);
    const missing = only(check({ ca: 'certs/ca.pem' }, sub));
    assert.equal(missing.code, 'file-missing');
    assert.equal(missing.evidence.path, join(sub, 'certs/ca.pem'));
    assert.equal(missing.evidence.resolvedAgainst, sub);
    assert.match(missing.detail, /absolute path is safer/);
  });

  test('file: URL and ~/ paths are accepted', () => {
    assert.deepEqual(check({ ca: pathToFileURL(caPath).href }).findings, []);
    const home = process.env.HOME;
    process.env.HOME = dir;
    try {
      assert.deepEqual(check({ ca: '~/ca.pem' }).findings, []);
    } finally {
      process.env.HOME = home;
    }
  });

  test('paths written on Windows count as absolute wherever they are checked; only real relative paths get resolved', () => {
    const relative = ['certs/ca.pem', './ca.pem', '..\\certs\\ca.pem', 'C:ca.pem'];
    const absolute = ['/etc/mysql/ca.pem', 'C:\\certs\\ca.pem', 'c:/certs/ca.pem', '\\\\fileserver\\certs\\ca.pem', '~/ca.pem', 'file:///etc/ca.pem'];
    for (const v of relative) assert.equal(isRelativePath(v), true, v);
    for (const v of absolute) assert.equal(isRelativePath(v), false, v);
  });

  test('a CA path from a Windows colleague (C:\\certs\\ca.pem) is reported as written, not under the project folder',
    { skip: process.platform === 'win32' ? 'the Windows path is native there' : false }, () => {
      for (const v of ['C:\\certs\\ca.pem', '\\\\fileserver\\certs\\ca.pem']) {
        const f = only(check({ ca: v }, dir));
        assert.equal(f.code, 'file-missing');
        assert.equal(f.evidence.path, v);
        assert.equal(f.evidence.resolvedAgainst, undefined);
        assert.doesNotMatch(f.detail, /relative path/);
        assert.match(f.detail, /It is a Windows path and this check ran on/);
      }
    });

  test('a directory where the CA file belongs', () => {
    const f = only(check({ ca: dir }));
    assert.equal(f.code, 'file-wrong-kind');
    assert.equal(f.evidence.found, 'a directory');
    assert.match(f.detail, /ssl-capath/);
  });

  // chmod 000 does not stop root, so unreadable files are made in ways that fail for root too:
  // a symbolic link that points at itself (ELOOP), and /proc/self/mem, whose read at offset 0 fails (EIO).
  test('CA file that exists but cannot be read: a symbolic link loop', () => {
    const loop = join(dir, 'loop.pem');
    symlinkSync(loop, loop);
    const f = only(check({ ca: loop }));
    assert.equal(f.code, 'file-unreadable');
    assert.equal(f.evidence.errno, 'ELOOP');
    assert.match(f.detail, /loops back on itself/);
  });

  test('client key that exists but cannot be read: an I/O error', () => {
    const f = only(check({ key: '/proc/self/mem' }));
    assert.equal(f.code, 'file-unreadable');
    assert.equal(f.param, 'key');
    assert.equal(f.evidence.errno, 'EIO');
  });

  test('a FIFO where the key belongs is reported, not read (no hang)', () => {
    const fifo = join(dir, 'key.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const f = only(check({ key: fifo }));
    assert.equal(f.code, 'file-wrong-kind');
    assert.match(String(f.evidence.found), /not a regular file/);
  });

  test('CA file in DER: convert fix (not over the ca.pem beside it), and the CA is still read for the chain check', () => {
    const der = put('ca.der', derOf(ca.certPem));
    const r = check({ ca: der });
    const f = only(r);
    assert.equal(f.code, 'file-der-encoded');
    assert.equal(f.param, 'ca');
    assert.deepEqual(f.fixes[0], { kind: 'convert-der-to-pem', title: 'Convert ca.der to PEM (ca.converted.pem)', file: der, param: 'ca', preferred: true });
    assert.match(f.detail, new RegExp(`openssl x509 -inform der -in ${der} -out ${join(dir, 'ca.converted.pem')}`));
    assert.equal(r.ca?.[0].subject, 'CN=Files CA');
  });

  test('derToPem turns the DER certificate back into the same certificate', () => {
    const pem = derToPem(readFileSync(join(dir, 'ca.der')), 'CERTIFICATE');
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
    assert.equal(new X509Certificate(pem).fingerprint256, new X509Certificate(ca.certPem).fingerprint256);
  });

  test('derToPem gives a DER key the label its format needs, so the PEM loads', () => {
    const key = createPrivateKey(client.keyPem);
    for (const type of ['pkcs8', 'pkcs1'] as const) {
      const pem = derToPem(key.export({ type, format: 'der' }), 'PRIVATE KEY');
      assert.match(pem, type === 'pkcs1' ? /^-----BEGIN RSA PRIVATE KEY-----/ : /^-----BEGIN PRIVATE KEY-----/);
      assert.ok(createPrivateKey(pem).equals(key), type);
    }
  });

  test('client key in DER', () => {
    const der = put('client-key.der', createPrivateKey(client.keyPem).export({ type: 'pkcs8', format: 'der' }));
    const f = only(check({ cert: certPath, key: der }));
    assert.equal(f.code, 'file-der-encoded');
    assert.equal(f.param, 'key');
    assert.match(f.detail, /openssl pkey -inform der/);
  });

  test('truncated CA file: half of the PEM, no END line', () => {
    const half = put('ca-truncated.pem', ca.certPem.slice(0, Math.floor(ca.certPem.length / 2)));
    const f = only(check({ ca: half }));
    assert.equal(f.code, 'file-truncated');
    assert.match(String(f.evidence.found), /CERTIFICATE block without its END line/);
    assert.equal(f.evidence.line, 1);
  });

  test('empty CA file', () => {
    const f = only(check({ ca: put('empty.pem', '') }));
    assert.equal(f.code, 'file-truncated');
    assert.match(f.title, /empty/);
  });

  test('CA file whose base64 was damaged by a copy-paste', () => {
    const lines = ca.certPem.split('\n');
    lines[3] = lines[3].slice(0, 30); // a line cut short
    const f = only(check({ ca: put('damaged.pem', lines.join('\n')) }));
    assert.equal(f.code, 'file-truncated');
    assert.match(String(f.evidence.found), /base64 is damaged|does not decode/);
  });

  test('private key where the CA file belongs', () => {
    const r = check({ ca: put('key-as-ca.pem', stranger.keyPem) });
    const f = only(r);
    assert.equal(f.code, 'file-wrong-kind');
    assert.equal(f.param, 'ca');
    assert.equal(f.evidence.found, 'PRIVATE KEY');
    assertNoKeyMaterial(r, stranger);
  });

  test('certificate where the client key belongs', () => {
    const f = only(check({ cert: certPath, key: certPath }));
    assert.equal(f.code, 'file-wrong-kind');
    assert.equal(f.param, 'key');
    assert.equal(f.evidence.found, 'CERTIFICATE');
  });

  test('an SSH private key where the client key belongs', () => {
    const ssh = put('id_ed25519', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
    const f = only(check({ key: ssh }));
    assert.equal(f.code, 'file-wrong-kind');
    assert.match(f.detail, /SSH key/);
  });

  test('PKCS#12 bundle where the CA file belongs', () => {
    const p12 = join(dir, 'bundle.p12');
    const r = spawnSync('openssl', ['pkcs12', '-export', '-in', certPath, '-inkey', keyPath, '-out', p12, '-passout', 'pass:x'], { timeout: 20_000 });
    assert.equal(r.status, 0, String(r.stderr));
    const f = only(check({ ca: p12 }));
    assert.equal(f.code, 'file-wrong-kind');
    assert.match(String(f.evidence.found), /PKCS#12/);
    assert.ok(f.fixes[0].kind === 'manual' && f.fixes[0].commands?.[0].includes('openssl pkcs12'));
  });

  test('encrypted PKCS#8 client key and no passphrase configured', () => {
    const enc = put('key-enc.pem', encryptKey(client.keyPem, 'secret-pass'));
    const r = check({ cert: certPath, key: enc });
    const f = only(r);
    assert.equal(f.code, 'key-encrypted');
    assert.equal(f.param, 'key');
    assert.equal(f.evidence.found, 'ENCRYPTED PRIVATE KEY');
    assert.equal(r.clientKey, undefined);
    assert.doesNotMatch(JSON.stringify(r), /secret-pass/);
  });

  test('encrypted key with a passphrase configured is not a finding', () => {
    const enc = put('key-enc2.pem', encryptKey(client.keyPem, 'secret-pass'));
    assert.deepEqual(check({ cert: certPath, key: enc, keyPassphrase: true }).findings, []);
  });

  test('legacy encrypted RSA key (Proc-Type: 4,ENCRYPTED)', () => {
    const legacy = createPrivateKey(client.keyPem).export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'pw' }).toString();
    assert.match(legacy, /Proc-Type: 4,ENCRYPTED/);
    const f = only(check({ key: put('legacy-enc.pem', legacy) }));
    assert.equal(f.code, 'key-encrypted');
    assert.equal(f.evidence.found, 'RSA PRIVATE KEY with Proc-Type: 4,ENCRYPTED');
  });

  test('client key that does not belong to the client certificate', () => {
    const r = check({ cert: certPath, key: put('stranger-key.pem', stranger.keyPem) });
    const f = only(r);
    assert.equal(f.code, 'key-cert-mismatch');
    assert.equal(f.param, 'key');
    assert.notEqual(f.evidence.certPublicKeySha256, f.evidence.keyPublicKeySha256);
    assertNoKeyMaterial(r, stranger, client);
  });

  test('certificate and key in one file, no ssl-key: the key is taken from the certificate file', () => {
    const combined = put('combined.pem', client.certPem + client.keyPem);
    const r = check({ cert: combined });
    assert.deepEqual(r.findings, []);
    assert.equal(r.clientKey?.type, 'private');
    const wrong = check({ cert: put('combined-wrong.pem', client.certPem + stranger.keyPem) });
    assert.equal(only(wrong).code, 'key-cert-mismatch');
  });

  test('expired client certificate', () => {
    const old = createClientCert(ca, { cn: 'old-client', ...KB, notBefore: new Date('2020-01-01Z'), notAfter: new Date('2021-01-01Z') });
    const f = only(check({ cert: put('old.pem', old.certPem), key: put('old-key.pem', old.keyPem) }));
    assert.equal(f.code, 'client-cert-expired');
    assert.equal(f.param, 'cert');
    assert.equal(f.title, 'Client certificate expired 2021-01-01');
  });

  test('client certificate not valid yet', () => {
    const future = createClientCert(ca, { cn: 'future', ...KB, notBefore: new Date('2031-01-01Z'), notAfter: new Date('2032-01-01Z') });
    const f = only(check({ cert: put('future.pem', future.certPem), key: put('future-key.pem', future.keyPem) }));
    assert.equal(f.code, 'client-cert-expired');
    assert.match(f.title, /not valid before 2031-01-01/);
  });

  test('client certificate expiring within the warning window', () => {
    const soon = createClientCert(ca, { cn: 'soon', ...KB, notBefore: new Date('2029-01-01Z'), notAfter: new Date('2030-06-15Z') });
    const f = only(check({ cert: put('soon.pem', soon.certPem), key: put('soon-key.pem', soon.keyPem) }));
    assert.equal(f.code, 'cert-expiring-soon');
    assert.equal(f.param, 'cert');
  });

  test('text and binary files that are not certificates at all', () => {
    assert.equal(only(check({ ca: put('notes.txt', 'just some notes\n') })).evidence.found, 'text without any -----BEGIN ...----- block');
    assert.equal(only(check({ ca: put('blob.bin', Buffer.from([0, 1, 2, 3, 255, 0])) })).code, 'file-wrong-kind');
    assert.equal(only(check({ ca: put('jks', Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2])) })).evidence.found, 'a Java keystore (JKS)');
  });

  test('ssl-capath that names a file instead of a directory, and one that is missing', () => {
    assert.deepEqual(check({ capath: dir }).findings, []);
    const f = only(check({ capath: caPath }));
    assert.equal(f.code, 'file-wrong-kind');
    assert.equal(f.param, 'capath');
    assert.equal(only(check({ capath: join(dir, 'no-such-dir') })).code, 'file-missing');
  });

  test('several faults are each reported on their own setting', () => {
    const r = check({ ca: join(dir, 'missing.pem'), cert: put('empty-cert.pem', ''), key: certPath });
    assert.deepEqual(r.findings.map((f) => [f.code, f.param]), [
      ['file-missing', 'ca'],
      ['file-truncated', 'cert'],
      ['file-wrong-kind', 'key'],
    ]);
  });
  test('ssl-cert set without ssl-key and the certificate file holds no key (mariadb: "TLS/SSL error: unsupported")', () => {
    const r = check({ ca: caPath, cert: certPath });
    const f = only(r);
    assert.equal(f.code, 'file-wrong-kind');
    assert.equal(f.param, 'key');
    assert.equal(f.evidence.setting, 'ssl-key');
    assert.equal(f.evidence.sslKey, 'not set');
    assert.match(String(f.evidence.found), /no private key/);
    assert.match(f.detail, /ssl-key is not/);
    // A combined file (certificate and key together) is what the client then uses: no finding.
    assert.deepEqual(check({ cert: put('combined.pem', client.certPem + client.keyPem) }).findings, []);
  });

  test('ssl-key set without ssl-cert and the key file holds no certificate', () => {
    const f = only(check({ ca: caPath, key: keyPath }));
    assert.equal(f.code, 'file-wrong-kind');
    assert.equal(f.param, 'cert');
    assert.equal(f.evidence.sslCert, 'not set');
    assert.match(String(f.evidence.found), /no certificate/);
    assert.deepEqual(check({ key: put('combined2.pem', client.keyPem + client.certPem) }).findings, []);
  });

  test('JDBC trust store (trustCertificateKeyStoreUrl) that does not exist or cannot be read', () => {
    const missing = join(dir, 'no-such-truststore.jks');
    const f = only(check({ trustStore: pathToFileURL(missing).href }));
    assert.equal(f.code, 'file-missing');
    assert.equal(f.param, 'trustStore');
    assert.equal(f.evidence.path, missing);
    assert.equal(only(check({ trustStore: missing })).code, 'file-missing');
    const store = put('truststore.jks', Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]));
    assert.deepEqual(check({ trustStore: pathToFileURL(store).href }).findings, []);
    assert.deepEqual(check({ trustStore: store }).findings, []);
    const loop = join(dir, 'loop-truststore.jks');
    symlinkSync(loop, loop);
    const u = only(check({ trustStore: loop }));
    assert.equal(u.code, 'file-unreadable');
    assert.equal(u.param, 'trustStore');
    // Other URL schemes are the driver's business.
    assert.deepEqual(check({ trustStore: 'classpath:truststore.jks' }).findings, []);
    assert.deepEqual(check({ trustStore: 'https://example.com/truststore.jks' }).findings, []);
  });

  test('a trust store and a CA directory are checked by their metadata, never read', () => {
    const store = put('big-truststore.p12', Buffer.alloc(64 * 1024, 1));
    const reads = mock.method(fs, 'readFileSync');
    const lists = mock.method(fs, 'readdirSync');
    try {
      assert.deepEqual(check({ trustStore: store, capath: dir }).findings, []);
      assert.equal(only(check({ capath: store })).evidence.found, 'a file, not a directory');
      assert.equal(reads.mock.callCount() + lists.mock.callCount(), 0);
    } finally {
      reads.mock.restore();
      lists.mock.restore();
    }
  });

  test('a folder where the JDBC trust store belongs', () => {
    const f = only(check({ trustStore: dir }));
    assert.equal(f.code, 'file-wrong-kind');
    assert.equal(f.param, 'trustStore');
    assert.equal(f.evidence.found, 'a directory');
  });

  test('JDBC trust store the client user cannot read', { skip: process.getuid?.() === 0 ? 'root reads everything' : false }, () => {
    const store = put('locked.jks', Buffer.from([0xfe, 0xed, 0xfe, 0xed]));
    chmodSync(store, 0o000);
    const f = only(check({ trustStore: store }));
    assert.equal(f.code, 'file-unreadable');
    assert.equal(f.param, 'trustStore');
  });
});

describe('errno in words (one table for the engine, the CLI and the extension)', () => {
  test('reading and writing each get a reason without the raw code', () => {
    const cases: [string, 'read' | 'write', RegExp][] = [
      ['EACCES', 'read', /^permission denied for the user running the client$/],
      ['EACCES', 'write', /^permission denied$/],
      ['ENOENT', 'write', /^the folder does not exist$/],
      ['EISDIR', 'write', /^a folder of that name is in the way$/],
      ['ENOTDIR', 'write', /not a folder/],
      ['EROFS', 'write', /read-only/],
      ['ENOSPC', 'write', /no space left/],
      ['EEXIST', 'write', /already exists/],
      ['ELOOP', 'read', /loops back on itself/],
      ['EIO', 'write', /^writing it fails with an I\/O error$/],
    ];
    for (const [code, access, words] of cases) {
      const reason = explainErrno(code, access);
      assert.match(reason, words, `${code} ${access}`);
      assert.ok(!reason.includes(code), `${code} ${access}: ${reason}`);
    }
  });

  test('an unknown code is named; a code that is a property of Object is not a reason; an error without a code gives its message', () => {
    assert.equal(explainErrno('EWEIRD', 'write'), 'writing it fails (EWEIRD)');
    assert.equal(explainErrno('toString'), 'reading it fails (toString)');
    assert.equal(explainFsError(Object.assign(new Error('x'), { code: 'ENOSPC' }), 'write'), 'no space left on the device');
    assert.equal(explainFsError(new Error('first line\nsecond'), 'write'), 'first line');
  });
});
