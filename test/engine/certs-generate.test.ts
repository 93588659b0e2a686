import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  createCa,
  createClientCert,
  CertFilesExistError,
  CertInputError,
  createServerCert,
  encryptKey,
  invalidHost,
  writeDevCertificates,
} from '../../src/engine/certs/generate';

// OpenSSL is the referee: what it reads from the files is what servers and clients will see.
function openssl(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8', timeout: 20_000 });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

const dir = mkdtempSync(join(tmpdir(), 'certs-generate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function sanLine(certPath: string): string {
  const text = openssl(['x509', '-in', certPath, '-noout', '-ext', 'subjectAltName']).out;
  return text.split('\n').slice(1).join(' ').trim();
}

describe('certs generate', () => {
  test('dev certificates for localhost, 127.0.0.1 and ::1 verify against their CA', async () => {
    const out = join(dir, 'dev');
    const r = await writeDevCertificates(out, ['localhost', '127.0.0.1', '::1']);
    assert.equal(sanLine(r.files.serverCert), 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    const verify = openssl(['verify', '-CAfile', r.files.ca, '-purpose', 'sslserver', r.files.serverCert]);
    assert.ok(verify.ok, verify.out);
    assert.match(openssl(['x509', '-in', r.files.ca, '-noout', '-text']).out, /CA:TRUE/);
    assert.match(openssl(['x509', '-in', r.files.serverCert, '-noout', '-text']).out, /CA:FALSE/);
    assert.equal(r.files.clientCert, undefined);
    assert.ok(r.serverConfig.includes(`ssl_ca=${r.files.ca}`));
    assert.ok(r.serverConfig.some((l) => l.includes('FLUSH SSL')));
    assert.ok(r.serverConfig.some((l) => l.includes('ALTER INSTANCE RELOAD TLS')));
  });

  test('key files are written owner-only (0600), even over an existing world-readable file', async () => {
    const out = join(dir, 'modes');
    await writeDevCertificates(out, ['db.internal'], { client: true });
    // Loosen, then write again: the second run must tighten the existing files.
    for (const f of ['server-key.pem', 'client-key.pem']) spawnSync('chmod', ['644', join(out, f)]);
    const r = await writeDevCertificates(out, ['db.internal'], { client: true, overwrite: true });
    assert.equal(statSync(r.files.serverKey).mode & 0o777, 0o600);
    assert.equal(statSync(r.files.clientKey!).mode & 0o777, 0o600);
    assert.equal(statSync(r.files.serverCert).mode & 0o777, 0o644);
  });

  test('the key written next to a certificate belongs to it', async () => {
    const r = await writeDevCertificates(join(dir, 'pair'), ['db.internal'], { client: true });
    for (const [cert, key] of [
      [r.files.serverCert, r.files.serverKey],
      [r.files.clientCert!, r.files.clientKey!],
    ]) {
      const fromCert = openssl(['x509', '-in', cert, '-noout', '-pubkey']).out;
      const fromKey = openssl(['pkey', '-in', key, '-pubout']).out;
      assert.equal(fromKey, fromCert);
    }
  });

  test('client certificate for a REQUIRE X509 account is accepted for client auth only', async () => {
    const r = await writeDevCertificates(join(dir, 'client'), ['db.internal'], { client: true });
    assert.ok(openssl(['verify', '-CAfile', r.files.ca, '-purpose', 'sslclient', r.files.clientCert!]).ok);
    assert.equal(openssl(['verify', '-CAfile', r.files.ca, '-purpose', 'sslserver', r.files.clientCert!]).ok, false);
    assert.ok(r.clientConfig.includes(`ssl-cert=${r.files.clientCert}`));
  });

  test('SANs are exactly the hosts asked for: wildcard DNS, IPv4 and IPv6', () => {
    const ca = createCa({ cn: 'SAN CA' });
    const leaf = createServerCert(ca, { cn: 'db', hosts: ['*.db.example.com', 'db.example.com', '10.1.2.3', 'fd00::5'] });
    assert.equal(
      sanLine(save('san.pem', leaf.certPem)),
      'DNS:*.db.example.com, DNS:db.example.com, IP Address:10.1.2.3, IP Address:FD00:0:0:0:0:0:0:5',
    );
  });

  test('a certificate with no hosts has no SAN extension, only its CN', () => {
    const ca = createCa({ cn: 'CN CA' });
    const leaf = createServerCert(ca, { cn: 'legacy.example.com' });
    const text = openssl(['x509', '-in', save('cn-only.pem', leaf.certPem), '-noout', '-text']).out;
    assert.doesNotMatch(text, /Subject Alternative Name/);
    assert.match(text, /Subject: CN ?= ?legacy\.example\.com/);
    assert.equal(leaf.subject, 'CN=legacy.example.com');
  });

  test('expired server certificate keeps the back-dated validity asked for', () => {
    const ca = createCa({ cn: 'Dates CA', notBefore: new Date('2019-01-01T00:00:00Z') });
    const leaf = createServerCert(ca, {
      cn: 'localhost',
      hosts: ['localhost'],
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2021-01-01T00:00:00Z'),
      serial: '0badcafe',
    });
    const leafPath = save('expired.pem', leaf.certPem);
    const dates = openssl(['x509', '-in', leafPath, '-noout', '-dates', '-serial']).out;
    assert.match(dates, /notBefore=Jan {2}1 00:00:00 2020 GMT/);
    assert.match(dates, /notAfter=Jan {2}1 00:00:00 2021 GMT/);
    assert.match(dates, /serial=0BADCAFE/i);
    const verify = openssl(['verify', '-CAfile', save('dates-ca.pem', ca.certPem), leafPath]);
    assert.equal(verify.ok, false);
    assert.match(verify.out, /certificate has expired/);
  });

  test('not-yet-valid certificate dated past 2049 uses GeneralizedTime and reads back exactly', () => {
    const ca = createCa({ cn: 'Future CA' });
    const leaf = createServerCert(ca, {
      cn: 'localhost',
      notBefore: new Date('2051-06-01T12:00:00Z'),
      notAfter: new Date('2061-06-01T12:00:00Z'),
    });
    const dates = openssl(['x509', '-in', save('future.pem', leaf.certPem), '-noout', '-dates']).out;
    assert.match(dates, /notBefore=Jun {2}1 12:00:00 2051 GMT/);
    assert.match(dates, /notAfter=Jun {2}1 12:00:00 2061 GMT/);
  });

  test('server behind an intermediate CA verifies only when the intermediate is supplied', () => {
    const root = createCa({ cn: 'Lab Root' });
    const intermediate = createCa({ cn: 'Lab Intermediate', pathLen: 0 }, root);
    const leaf = createServerCert(intermediate, { cn: 'localhost', hosts: ['localhost'] });
    const rootPath = save('root.pem', root.certPem);
    const intPath = save('int.pem', intermediate.certPem);
    const leafPath = save('leaf.pem', leaf.certPem);
    assert.equal(openssl(['verify', '-CAfile', rootPath, leafPath]).ok, false);
    const full = openssl(['verify', '-CAfile', rootPath, '-untrusted', intPath, leafPath]);
    assert.ok(full.ok, full.out);
    const intText = openssl(['x509', '-in', intPath, '-noout', '-text']).out;
    assert.match(intText, /CA:TRUE, pathlen:0/);
    assert.match(intText, /Issuer: CN ?= ?Lab Root/);
  });

  test('client certificate made directly has the clientAuth purpose', () => {
    const ca = createCa({ cn: 'Client CA' });
    const client = createClientCert(ca, { cn: 'app-user' });
    const text = openssl(['x509', '-in', save('client-direct.pem', client.certPem), '-noout', '-text']).out;
    assert.match(text, /TLS Web Client Authentication/);
    assert.doesNotMatch(text, /TLS Web Server Authentication/);
  });

  test('encrypted key opens with its passphrase and not without', () => {
    const ca = createCa({ cn: 'Key CA' });
    const pem = encryptKey(ca.keyPem, 'correct horse');
    assert.match(pem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const keyPath = save('enc-key.pem', pem);
    assert.ok(openssl(['pkey', '-in', keyPath, '-passin', 'pass:correct horse', '-noout']).ok);
    assert.equal(openssl(['pkey', '-in', keyPath, '-passin', 'pass:wrong', '-noout']).ok, false);
  });

  test('a host that is neither a DNS name nor an IP is refused with a message naming it', async () => {
    const ca = createCa({ cn: 'Bad CA' });
    assert.throws(() => createServerCert(ca, { cn: 'x', hosts: ['db example.com'] }), /"db example\.com" is neither/);
    await assert.rejects(writeDevCertificates(join(dir, 'none'), []), CertInputError);
    await assert.rejects(writeDevCertificates(join(dir, 'bad'), ['ok.example.com', 'bad_host!']), /"bad_host!" is neither .* \(--host\)/);
    assert.equal(invalidHost('db.example.com'), undefined);
    assert.equal(invalidHost('::1'), undefined);
    assert.match(invalidHost('-db.example.com') ?? '', /neither/);
  });

  test('a long validity is asked for: the CA outlives the server certificate', async () => {
    const r = await writeDevCertificates(join(dir, 'long'), ['db.local'], { days: 5000 });
    const end = (p: string) => new Date(openssl(['x509', '-in', p, '-noout', '-enddate']).out.trim().slice('notAfter='.length));
    assert.ok(end(r.files.ca) > end(r.files.serverCert));
    assert.ok(end(r.files.serverCert).getTime() - Date.now() > 4990 * 86_400_000);
  });
  test('--out names an existing file (/etc/passwd): refused naming the path, not EEXIST', async () => {
    const file = save('not-a-folder', 'x');
    for (const out of [file, '/etc/passwd']) {
      await assert.rejects(writeDevCertificates(out, ['localhost']), (e: Error) =>
        e instanceof CertInputError && e.message.includes(out) && !e.message.includes('EEXIST'));
    }
  });

  test('--out under /proc or /sys is refused instead of looping in mkdir', async () => {
    for (const out of ['/proc/tls-doctor-certs', '/sys/x/y', '/proc']) {
      await assert.rejects(writeDevCertificates(out, ['localhost']), (e: Error) => e instanceof CertInputError && e.message.includes(out));
    }
  });

  test('--out folder where ca.pem cannot be written (a directory is in the way): a CertInputError naming the file', async () => {
    const out = join(dir, 'blocked');
    (await import('node:fs')).mkdirSync(join(out, 'ca.pem'), { recursive: true });
    await assert.rejects(writeDevCertificates(out, ['localhost'], { overwrite: true }), (e: Error) =>
      e instanceof CertInputError && !(e instanceof CertFilesExistError) && e.message.includes(join(out, 'ca.pem')));
  });

  test('a folder with only a stale client key, or a dangling link named ca.pem: refused before anything is written', async () => {
    const stale = join(dir, 'stale-client');
    await writeDevCertificates(stale, ['db.internal'], { client: true });
    for (const f of ['ca.pem', 'server-cert.pem', 'server-key.pem', 'client-cert.pem']) rmSync(join(stale, f));
    await assert.rejects(writeDevCertificates(stale, ['db.internal']), (e: Error) => e instanceof CertFilesExistError && e.file === join(stale, 'client-key.pem'));
    assert.ok(!existsSync(join(stale, 'ca.pem')), 'nothing written');
    const linked = join(dir, 'dangling');
    mkdirSync(linked);
    symlinkSync(join(dir, 'link-target.pem'), join(linked, 'ca.pem'));
    await assert.rejects(writeDevCertificates(linked, ['db.internal']), CertFilesExistError);
    assert.ok(!existsSync(join(dir, 'link-target.pem')), 'the link was not followed');
  });

  test('overwrite without a client certificate removes the old client pair and says so', async () => {
    const out = join(dir, 'replace');
    await writeDevCertificates(out, ['db.internal'], { client: true });
    const r = await writeDevCertificates(out, ['db.internal'], { overwrite: true });
    assert.deepEqual(r.removed, [join(out, 'client-cert.pem'), join(out, 'client-key.pem')]);
    assert.ok(!existsSync(join(out, 'client-cert.pem')));
    assert.ok(openssl(['verify', '-CAfile', r.files.ca, r.files.serverCert]).ok);
  });

  test('overwrite replaces a symbolic link in the set instead of writing the new key through it', async () => {
    const out = join(dir, 'linked-key');
    mkdirSync(out);
    const outside = save('outside-key.pem', 'the user\'s own file\n');
    symlinkSync(outside, join(out, 'server-key.pem'));
    const r = await writeDevCertificates(out, ['db.internal'], { overwrite: true });
    assert.equal(readFileSync(outside, 'utf8'), 'the user\'s own file\n', 'the link target is untouched');
    assert.ok(!lstatSync(r.files.serverKey).isSymbolicLink(), 'the link itself was replaced');
    assert.equal(statSync(r.files.serverKey).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(out).sort(), ['ca.pem', 'server-cert.pem', 'server-key.pem'], 'no temporary file left');
  });

  test('overwrite that cannot write one file of the set leaves the old set whole', async () => {
    const out = join(dir, 'half');
    const old = await writeDevCertificates(out, ['db.internal']);
    const before = readFileSync(old.files.ca, 'utf8');
    mkdirSync(join(out, 'client-key.pem'));
    await assert.rejects(writeDevCertificates(out, ['db.internal'], { overwrite: true, client: true }), (e: Error) =>
      e instanceof CertInputError && e.message.includes(join(out, 'client-key.pem')));
    assert.equal(readFileSync(old.files.ca, 'utf8'), before, 'ca.pem not replaced');
    assert.ok(!existsSync(join(out, 'client-cert.pem')));
  });

  test('--host 300.1.1.1 (a dotted number that is no IPv4 address) is refused', async () => {
    assert.match(invalidHost('300.1.1.1') ?? '', /300\.1\.1\.1/);
    assert.match(invalidHost('1.2.3') ?? '', /1\.2\.3/);
    assert.equal(invalidHost('10.0.0.1'), undefined);
    assert.equal(invalidHost('db1.example.com'), undefined);
    await assert.rejects(writeDevCertificates(join(dir, 'badip'), ['300.1.1.1']), CertInputError);
  });
});
