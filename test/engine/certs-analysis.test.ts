import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { checkServerIdentity, createServer, rootCertificates, type Server } from 'node:tls';
import { describe, test } from 'node:test';
import { verifyChain } from '../../src/engine/certs/chain';
import { checkDates } from '../../src/engine/certs/dates';
import { createCa, createServerCert, type CertOptions, type Issued } from '../../src/engine/certs/generate';
import { dnsMatches, isDnsName, matchHostname, sniName } from '../../src/engine/certs/hostname';
import { readPemCertificates, summarize } from '../../src/engine/certs/x509';
import { chainFacts, chainFindings, type ChainContext, type ChainFacts } from '../../src/engine/checks/chain';
import { effectiveTls } from '../../src/engine/drivers/effective';
import type { Connection, DriverId } from '../../src/engine/model/connection';
import { tempDir } from '../helpers/temp-dir';
import { reissue } from '../lab/fixtures';

// 1024-bit keys: these tests never handshake, and they make a few dozen certificates.
const KB = { keyBits: 1024 };
const x = (i: Issued) => new X509Certificate(i.certPem);
const ca = (cn: string, issuer?: Issued, o: Partial<CertOptions> & { pathLen?: number } = {}) => createCa({ cn, ...KB, ...o }, issuer);
const leaf = (issuer: Issued, hosts: string[] | undefined, o: Partial<CertOptions> = {}) =>
  createServerCert(issuer, { cn: hosts?.[0] ?? 'localhost', hosts, ...KB, ...o });

const testCa = ca('Test CA');
const otherCa = ca('Other CA');
const labRoot = ca('Lab Root');
const labIntermediate = ca('Lab Intermediate', labRoot, { pathLen: 0 });
const localhostLeaf = leaf(testCa, ['localhost', '127.0.0.1', '::1']);

describe('certs chain', () => {
  test('server chain issued by the CA in the CA file is trusted', () => {
    const v = verifyChain([x(localhostLeaf)], [x(testCa)]);
    assert.equal(v.status, 'trusted');
    assert.equal(v.trustedBy, 'ca-file');
    assert.equal(v.anchor?.subject, 'CN=Test CA');
    assert.deepEqual(v.expectedIssuers, ['CN=Test CA']);
  });

  test('server certificate from another CA than the one the client trusts', () => {
    const v = verifyChain([x(leaf(otherCa, ['localhost']))], [x(testCa)]);
    assert.equal(v.status, 'untrusted');
    assert.equal(v.missingIssuer, 'CN=Other CA');
    assert.deepEqual(v.expectedIssuers, ['CN=Test CA']);
    assert.match(v.detail, /issued by CN=Other CA, which is not in the CA file, which holds CN=Test CA/);
  });

  test('server sends no intermediate and the CA file holds only the root', () => {
    const v = verifyChain([x(leaf(labIntermediate, ['localhost']))], [x(labRoot)]);
    assert.equal(v.status, 'intermediate-missing');
    assert.equal(v.missingIssuer, 'CN=Lab Intermediate');
    assert.match(v.detail, /only its own certificate/);
  });

  test('missing intermediate recognised by the name it shares with the root (no "intermediate" in it)', () => {
    const root = ca('Acme Root CA');
    const issuing = ca('Acme G2', root);
    const v = verifyChain([x(leaf(issuing, ['db.acme.test']))], [x(root)]);
    assert.equal(v.status, 'intermediate-missing');
    assert.equal(v.missingIssuer, 'CN=Acme G2');
  });

  test('server sends its intermediate but the CA file is a different CA whose name shares the stem: untrusted, not intermediate-missing', () => {
    const root = ca('TLS Doctor Lab Root');
    const inter = ca('TLS Doctor Lab Intermediate', root, { pathLen: 0 });
    const wrong = ca('TLS Doctor Lab CA');
    const v = verifyChain([x(leaf(inter, ['localhost'])), x(inter)], [x(wrong)]);
    assert.equal(v.status, 'untrusted', v.detail);
    assert.equal(v.missingIssuer, 'CN=TLS Doctor Lab Root');
    assert.match(v.detail, /the chain ends at an issuer \(CN=TLS Doctor Lab Root\) the CA file does not hold/);
    assert.match(v.detail, /The CA file holds CN=TLS Doctor Lab CA/);
    // Sent alone, the same leaf is still judged a missing intermediate.
    assert.equal(verifyChain([x(leaf(inter, ['localhost']))], [x(root)]).status, 'intermediate-missing');
  });

  test('missing intermediate recognised by the AIA address in the leaf, whatever its name', (t) => {
    const dir = tempDir(t);
    const root = ca('Omega Root');
    const zeta = ca('Zeta CA', root);
    const put = (n: string, text: string) => {
      writeFileSync(join(dir, n), text);
      return join(dir, n);
    };
    const run = (args: string[]) => spawnSync('openssl', args, { encoding: 'utf8', timeout: 20_000 });
    const key = put('leaf-key.pem', localhostLeaf.keyPem);
    assert.equal(run(['req', '-new', '-key', key, '-subj', '/CN=aia.test', '-out', join(dir, 'leaf.csr')]).status, 0);
    const ext = put('ext.cnf', 'authorityInfoAccess = caIssuers;URI:http://pki.example.test/zeta.crt\nsubjectAltName = DNS:aia.test\n');
    const signed = run(['x509', '-req', '-in', join(dir, 'leaf.csr'), '-CA', put('zeta.pem', zeta.certPem), '-CAkey', put('zeta-key.pem', zeta.keyPem),
      '-extfile', ext, '-days', '30', '-set_serial', '7']);
    assert.equal(signed.status, 0, signed.stderr);
    const withAia = verifyChain([new X509Certificate(signed.stdout)], [x(root)]);
    assert.equal(withAia.status, 'intermediate-missing');
    assert.equal(withAia.missingIssuer, 'CN=Zeta CA');
    // The same situation without AIA cannot be told from a wrong CA: it stays 'untrusted'.
    assert.equal(verifyChain([x(leaf(zeta, ['aia.test']))], [x(root)]).status, 'untrusted');
  });

  test('server sends leaf and intermediate, CA file holds the root', () => {
    const l = leaf(labIntermediate, ['localhost']);
    const v = verifyChain([x(l), x(labIntermediate)], [x(labRoot)]);
    assert.equal(v.status, 'trusted');
    assert.equal(v.anchor?.subject, 'CN=Lab Root');
  });

  test('server sends the chain in the wrong order, CA file holds the root', () => {
    const l = leaf(labIntermediate, ['localhost']);
    assert.equal(verifyChain([x(l), x(labRoot), x(labIntermediate)], [x(labRoot)]).status, 'trusted');
  });

  test('server sends its intermediate, but the client trusts an unrelated root', () => {
    const l = leaf(labIntermediate, ['localhost']);
    const v = verifyChain([x(l), x(labIntermediate)], [x(otherCa)]);
    assert.equal(v.status, 'untrusted');
    assert.equal(v.missingIssuer, 'CN=Lab Root');
    assert.match(v.detail, /ends at an issuer \(CN=Lab Root\) the CA file does not hold: the intermediate CN=Lab Intermediate is issued by it/);
  });

  test('server sends only the leaf and the CA file holds root and intermediate', () => {
    const l = leaf(labIntermediate, ['localhost']);
    const v = verifyChain([x(l)], [x(labRoot), x(labIntermediate)]);
    assert.equal(v.status, 'trusted');
    assert.equal(v.anchor?.subject, 'CN=Lab Root');
  });

  test('CA file holds the intermediate but not the root above it', () => {
    const l = leaf(labIntermediate, ['localhost']);
    const v = verifyChain([x(l)], [x(labIntermediate)]);
    assert.equal(v.status, 'untrusted');
    assert.equal(v.partialAnchor?.subject, 'CN=Lab Intermediate');
    assert.equal(v.missingIssuer, 'CN=Lab Root');
  });

  test('self-signed server certificate not in the CA file', () => {
    const self = ca('localhost');
    const v = verifyChain([x(self)], [x(testCa)]);
    assert.equal(v.status, 'self-signed');
    assert.match(v.detail, /CN=localhost\) is self-signed/);
  });

  test('self-signed server certificate pinned in the CA file', () => {
    const self = ca('localhost');
    const v = verifyChain([x(self)], [x(self)]);
    assert.equal(v.status, 'trusted');
    assert.equal(v.anchor?.subject, 'CN=localhost');
  });

  test('CA regenerated under the same name: names match, signature does not', () => {
    const oldCa = ca('Team CA');
    const newCa = ca('Team CA');
    const v = verifyChain([x(leaf(oldCa, ['localhost']))], [x(newCa)]);
    assert.equal(v.status, 'untrusted');
    assert.match(v.detail, /names match, the keys do not/);
  });

  test('server whose chain ends at a root the client does not trust', () => {
    const l = leaf(labIntermediate, ['localhost']);
    const v = verifyChain([x(l), x(labIntermediate), x(labRoot)], [x(testCa)]);
    assert.equal(v.status, 'untrusted');
    assert.match(v.detail, /ends at the root CN=Lab Root/);
  });

  test('private CA checked against the system roots is not trusted', () => {
    const v = verifyChain([x(localhostLeaf)], 'system');
    assert.equal(v.status, 'untrusted');
    assert.equal(v.expectedIssuers, undefined);
    assert.equal(v.missingIssuer, 'CN=Test CA');
  });

  test('a public root presented as is is trusted by the system roots', () => {
    const v = verifyChain([new X509Certificate(rootCertificates[0])], 'system');
    assert.equal(v.status, 'trusted');
    assert.equal(v.trustedBy, 'system');
  });

  test('agrees with `openssl verify` on every chain and CA file of a matrix', (t) => {
    const dir = tempDir(t);
    const l = leaf(labIntermediate, ['localhost']);
    const self = ca('localhost');
    const cases: [string, Issued[], Issued[]][] = [
      ['leaf by the trusted CA', [localhostLeaf], [testCa]],
      ['leaf by another CA', [leaf(otherCa, ['localhost'])], [testCa]],
      ['leaf without its intermediate', [l], [labRoot]],
      ['leaf with its intermediate', [l, labIntermediate], [labRoot]],
      ['root and intermediate in the CA file', [l], [labRoot, labIntermediate]],
      ['only the intermediate in the CA file', [l], [labIntermediate]],
      ['intermediate sent, unrelated root trusted', [l, labIntermediate], [otherCa]],
      ['self-signed leaf, not trusted', [self], [testCa]],
      ['self-signed leaf pinned', [self], [self]],
      ['regenerated CA of the same name', [leaf(ca('Same CA'), ['localhost'])], [ca('Same CA')]],
    ];
    cases.forEach(([name, presented, trusted], i) => {
      const file = (n: string, certs: Issued[]) => {
        const p = join(dir, `${i}-${n}.pem`);
        writeFileSync(p, certs.map((c) => c.certPem).join(''));
        return p;
      };
      const args = ['verify', '-no_check_time', '-CAfile', file('trust', trusted)];
      if (presented.length > 1) args.push('-untrusted', file('sent', presented.slice(1)));
      args.push(file('leaf', presented.slice(0, 1)));
      const openssl = spawnSync('openssl', args, { encoding: 'utf8', timeout: 20_000 }).status === 0;
      const ours = verifyChain(presented.map(x), trusted.map(x)).status === 'trusted';
      assert.equal(ours, openssl, name);
    });
  });

  test('server that presents no certificate', () => {
    assert.equal(verifyChain([], [x(testCa)]).status, 'no-chain');
  });

  test('empty CA file trusts nothing', () => {
    const v = verifyChain([x(localhostLeaf)], []);
    assert.equal(v.status, 'untrusted');
    assert.match(v.detail, /holds no certificate/);
  });
});

describe('certs hostname', () => {
  const local = x(localhostLeaf);

  test('certificate for localhost, 127.0.0.1 and ::1 matches each way of writing them', () => {
    for (const host of ['localhost', 'LOCALHOST', 'localhost.', '127.0.0.1', '::1', '[::1]', '0:0:0:0:0:0:0:1']) {
      const m = matchHostname(host, local);
      assert.equal(m.matches, true, host);
      assert.equal(m.via, 'san');
    }
  });

  test('IP-only SAN and the client uses localhost', () => {
    const m = matchHostname('localhost', x(leaf(testCa, ['127.0.0.1'], { cn: 'db' })));
    assert.equal(m.matches, false);
    assert.equal(m.via, 'san');
    assert.deepEqual(m.names, ['127.0.0.1']);
    assert.deepEqual(m.suggestions, ['127.0.0.1']);
  });

  test('IP-only SAN with a CN naming the host: clients fall back to the CN, as no DNS SAN exists', () => {
    const m = matchHostname('localhost', x(leaf(testCa, ['127.0.0.1'], { cn: 'localhost' })));
    assert.equal(m.matches, true);
    assert.equal(m.via, 'cn');
    assert.match(m.note ?? '', /no DNS SAN/);
  });

  test("agrees with Node's checkServerIdentity on every certificate and host of a matrix", () => {
    const certs = [
      leaf(testCa, ['localhost', '127.0.0.1', '::1']),
      leaf(testCa, ['127.0.0.1'], { cn: 'localhost' }),
      leaf(testCa, ['127.0.0.1'], { cn: '127.0.0.1' }),
      leaf(testCa, ['*.db.example.com', 'db.example.com']),
      leaf(testCa, ['fd00::5', 'db.internal']),
      leaf(testCa, undefined, { cn: 'legacy.example.com' }),
      leaf(testCa, undefined, { cn: '*.example.com' }),
      leaf(testCa, ['other.example.com'], { cn: 'legacy.example.com' }),
    ].map(x);
    const hosts = ['localhost', 'LOCALHOST', '127.0.0.1', '::1', '127.0.0.2', 'db.example.com', 'eu.db.example.com',
      'a.eu.db.example.com', 'example.com', 'db1.example.com', 'legacy.example.com', 'www.example.com', 'fd00::5',
      'FD00:0:0::5', 'db.internal', 'other.example.com'];
    for (const c of certs) {
      for (const h of hosts) {
        const node = checkServerIdentity(h, c.toLegacyObject()) === undefined;
        assert.equal(matchHostname(h, c).matches, node, `${h} vs ${c.subjectAltName ?? c.subject}`);
      }
    }
  });

  test('certificate issued for another name: the names in it are offered', () => {
    const m = matchHostname('localhost', x(leaf(testCa, ['db.example.com'])));
    assert.equal(m.matches, false);
    assert.deepEqual(m.names, ['db.example.com']);
    assert.deepEqual(m.suggestions, ['db.example.com']);
  });

  test('client connects by IP to a certificate with DNS names only', () => {
    const m = matchHostname('10.0.0.5', x(leaf(testCa, ['db.internal', 'localhost'])));
    assert.equal(m.matches, false);
    assert.deepEqual(m.suggestions, ['db.internal', 'localhost']);
  });

  test('loopback names are suggested first to a client on localhost', () => {
    const m = matchHostname('localhost', x(leaf(testCa, ['db.example.com', '::1', '127.0.0.1'])));
    assert.deepEqual(m.suggestions, ['::1', '127.0.0.1', 'db.example.com']);
  });

  test('wildcard matches exactly one leftmost label', () => {
    const w = x(leaf(testCa, ['*.db.example.com']));
    assert.equal(matchHostname('eu1.db.example.com', w).matches, true);
    assert.equal(matchHostname('a.eu1.db.example.com', w).matches, false);
  });

  test('wildcard does not match the apex', () => {
    const m = matchHostname('example.com', x(leaf(testCa, ['*.example.com'])));
    assert.equal(m.matches, false);
    assert.deepEqual(m.suggestions, []);
  });

  test('wildcard rules: partial label, too-short pattern, star outside the leftmost label', () => {
    assert.equal(dnsMatches('db1.example.com', 'db*.example.com'), true);
    assert.equal(dnsMatches('web.example.com', 'db*.example.com'), false);
    assert.equal(dnsMatches('xn--80ak6aa92e.example.com', 'x*.example.com'), false);
    assert.equal(dnsMatches('example.com', '*.com'), false);
    assert.equal(dnsMatches('a.b.example.com', 'a.*.example.com'), false);
  });

  test('CN is used only when the certificate has no SAN', () => {
    const cnOnly = x(leaf(testCa, undefined, { cn: 'legacy.example.com' }));
    const m = matchHostname('legacy.example.com', cnOnly);
    assert.equal(m.matches, true);
    assert.equal(m.via, 'cn');
    const withSan = x(leaf(testCa, ['other.example.com'], { cn: 'legacy.example.com' }));
    assert.equal(matchHostname('legacy.example.com', withSan).matches, false);
  });

  test('an IP address never matches a CN', () => {
    const m = matchHostname('127.0.0.1', x(leaf(testCa, undefined, { cn: '127.0.0.1' })));
    assert.equal(m.matches, false);
    assert.equal(m.via, 'cn');
    assert.match(m.note ?? '', /IP SANs only/);
  });

  test('IPv6 SAN matches the address however it is written', () => {
    const v6 = x(leaf(testCa, ['fd00::5']));
    assert.equal(matchHostname('FD00:0:0:0:0:0:0:5', v6).matches, true);
    assert.equal(matchHostname('fd00::6', v6).matches, false);
  });
});

describe('certs host names and SNI', () => {
  test('one rule for a DNS name: labels of letters, digits, hyphens, underscores; never an address', () => {
    for (const name of ['localhost', 'db.example.com', 'db.example.com.', 'DB-1.Example.COM', '_mysql._tcp.example.com', 'a'.repeat(63) + '.com']) {
      assert.equal(isDnsName(name), true, name);
    }
    for (const name of ['', '.', '127.0.0.1', '300.1.1.1', '1.2.3', '::1', '[::1]', 'fe80::1%eth0', '-db.example.com', 'db-.example.com',
      'db..example.com', 'a'.repeat(64) + '.com', 'db example.com', '*.example.com', 'bücher.example']) {
      assert.equal(isDnsName(name), false, name);
    }
  });

  test('SNI a client sends for each way a user writes the host', () => {
    const cases: [string, string | undefined][] = [
      ['db.example.com', 'db.example.com'],
      ['db.example.com.', 'db.example.com'],
      [' localhost ', 'localhost'],
      ['127.0.0.1', undefined],
      ['127.0.0.1.', undefined],
      ['::1', undefined],
      ['[::1]', undefined],
      ['fe80::1%eth0', undefined],
      ['[fe80::1%25eth0]', undefined],
      ['300.1.1.1', undefined],
      ['bücher.example', 'xn--bcher-kva.example'],
      ['', undefined],
    ];
    for (const [host, sni] of cases) assert.equal(sniName(host), sni, host);
  });
});

/** A leaf with SANs and CN exactly as given (a trailing dot kept), which generate.ts would clean. */
function rawLeaf(dns: string[], ips: string[], cn: string, issuer: Issued = testCa, keyPem?: string): X509Certificate {
  const key = keyPem ? forge.pki.privateKeyFromPem(keyPem) : forge.pki.rsa.generateKeyPair(1024).privateKey;
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  c.serialNumber = '01';
  c.validity.notBefore = new Date(Date.now() - 86_400_000);
  c.validity.notAfter = new Date(Date.now() + 86_400_000);
  c.setSubject([{ shortName: 'CN', value: cn }]);
  c.setIssuer(forge.pki.certificateFromPem(issuer.certPem).subject.attributes);
  const alt = [...dns.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))];
  if (alt.length) c.setExtensions([{ name: 'subjectAltName', altNames: alt }]);
  c.sign(forge.pki.privateKeyFromPem(issuer.keyPem), forge.md.sha256.create());
  return new X509Certificate(forge.pki.certificateToPem(c));
}

describe('certs hostname as OpenSSL-based clients check it (mysql CLI, libmysqlclient)', () => {
  test('agrees with `openssl x509 -checkhost` or `-checkip` on trailing dots, leading-zero IPv4, IP-looking CNs, partial wildcards and what a star may stand for', (t) => {
    const dir = tempDir(t);
    const certs = [
      rawLeaf(['db.example.com.'], [], 'x'),
      rawLeaf(['db.example.com', 'localhost'], ['127.0.0.1', '::1'], 'x'),
      rawLeaf(['*.example.com.'], [], 'x'),
      rawLeaf(['*.example.com'], [], 'x'),
      rawLeaf(['d*b.example.com'], [], 'x'),
      rawLeaf(['db*.example.com'], [], 'x'),
      rawLeaf([], [], 'db.example.com.'),
      rawLeaf([], [], '127.0.0.1'),
    ];
    const hosts = ['db.example.com', 'db.example.com.', 'DB.EXAMPLE.COM.', 'db.example.com..', 'a.example.com', 'a.example.com.', 'db1.example.com', 'dxb.example.com',
      'my_db.example.com', 'db_1.example.com', 'bücher.example.com', 'xn--bcher-kva.example.com', 'localhost', 'localhost.', '127.0.0.1', '127.000.000.001', '0127.0.0.1', '127.0.0.1.', '127.1', '256.0.0.1', '::1', '0:0:0:0:0:0:0:1'];
    const run = (file: string, flag: string, h: string) =>
      /does match/.test(spawnSync('openssl', ['x509', '-in', file, '-noout', flag, h], { encoding: 'utf8', timeout: 20_000 }).stdout);
    // `-checkip` prints "does match" for input it cannot parse; a certificate for another address tells those apart.
    const other = join(dir, 'other.pem');
    writeFileSync(other, rawLeaf([], ['192.0.2.1'], 'y').toString());
    const parsesAsIp = new Map(hosts.map((h) => [h, !run(other, '-checkip', h)]));
    certs.forEach((cert, i) => {
      const file = join(dir, `${i}.pem`);
      writeFileSync(file, cert.toString());
      for (const h of hosts) {
        const openssl = run(file, '-checkhost', h) || (parsesAsIp.get(h)! && run(file, '-checkip', h));
        assert.equal(matchHostname(h, cert, 'openssl').matches, openssl, `${h} vs ${cert.subjectAltName ?? cert.subject}`);
      }
    });
  });

  test('mysql CLI to "127.000.000.001" with an IP SAN 127.0.0.1: a match for OpenSSL, not for Node', () => {
    const c = x(leaf(testCa, ['127.0.0.1']));
    assert.equal(matchHostname('127.000.000.001', c, 'openssl').matches, true);
    assert.equal(matchHostname('127.000.000.001', c).matches, false);
  });

  test('mysql CLI to "db.example.com." with a SAN db.example.com: OpenSSL compares the names as written', () => {
    const c = x(leaf(testCa, ['db.example.com']));
    const m = matchHostname('db.example.com.', c, 'openssl');
    assert.equal(m.matches, false);
    assert.deepEqual(m.suggestions, ['db.example.com']);
    assert.equal(matchHostname('db.example.com.', c).matches, true, 'Node, Go and Java drop the dot');
  });
});

/**
 * For each [port, host], whether Python's ssl module accepts the server certificate for that host,
 * the way PyMySQL connects: create_default_context(cafile=...), wrap_socket(server_hostname=host).
 */
const PYTHON_HOST_PROBE = `
import json, socket, ssl, sys
req = json.load(sys.stdin)
out = []
for port, host in req["pairs"]:
    ctx = ssl.create_default_context(cafile=req["ca"])
    # Python 3.13 adds VERIFY_X509_STRICT: it judges the chain, not the host name.
    ctx.verify_flags &= ~getattr(ssl, "VERIFY_X509_STRICT", 0)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s, ctx.wrap_socket(s, server_hostname=host):
            out.append("accept")
    except ssl.SSLCertVerificationError as e:
        # 62 hostname mismatch, 64 IP address mismatch; any other failure is a broken test, not a verdict.
        out.append("reject" if e.verify_code in (62, 64) else "error: " + e.verify_message)
    except Exception as e:
        out.append("error: %r" % e)
print(json.dumps(out))
`;

function python3(script: string, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('python3', ['-c', script], { timeout: 60_000 }, (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)));
    child.stdin?.end(input);
  });
}

async function tlsServer(certPem: string, keyPem: string): Promise<Server> {
  const s = createServer({ cert: certPem, key: keyPem }, (sock) => sock.end());
  // Python aborts the handshake when the name does not match: that is a verdict, not a server error.
  s.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return s;
}

describe("certs hostname as Python's ssl module checks it (PyMySQL)", () => {
  const ipCn = x(leaf(testCa, undefined, { cn: '127.0.0.1' }));

  test('PyMySQL connecting by IP to a certificate whose CN holds that IP: rejected, Python checks IP SANs only', () => {
    const m = matchHostname('127.0.0.1', ipCn, 'python');
    assert.equal(m.matches, false);
    assert.match(m.note ?? '', /IP SANs only/);
    assert.equal(matchHostname('127.0.0.1', ipCn, 'openssl').matches, true, 'the mysql CLI falls back to the CN');
  });

  test('PyMySQL by IP to a certificate with another IP SAN and that IP in its CN: rejected, the CN is not consulted', () => {
    const c = rawLeaf([], ['10.0.0.1'], '127.0.0.1');
    assert.equal(matchHostname('127.0.0.1', c, 'python').matches, false);
    assert.equal(matchHostname('10.0.0.1', c, 'python').matches, true);
  });

  test('PyMySQL to db1.example.test with a SAN db*.example.test: rejected, Python takes no partial wildcard', () => {
    const c = rawLeaf(['db*.example.test'], [], 'x');
    assert.equal(matchHostname('db1.example.test', c, 'python').matches, false);
    assert.equal(matchHostname('db1.example.test', c, 'openssl').matches, true, 'OpenSSL without that flag takes it');
    assert.equal(matchHostname('db1.example.test', rawLeaf(['*.example.test'], [], 'x'), 'python').matches, true);
  });

  test('PyMySQL to "127.000.000.001" or "0:0:0:0:0:0:0:1": read as the addresses 127.0.0.1 and ::1 of the IP SANs', () => {
    const c = rawLeaf([], ['127.0.0.1', '::1'], 'x');
    assert.equal(matchHostname('127.000.000.001', c, 'python').matches, true);
    assert.equal(matchHostname('0:0:0:0:0:0:0:1', c, 'python').matches, true);
    assert.equal(matchHostname('127.0.0.1.', c, 'python').matches, false, 'with a trailing dot it is a name');
  });

  test('PyMySQL to "db.example.test." with a SAN db.example.test: rejected, Python passes the name as written', () => {
    const c = rawLeaf(['db.example.test'], [], 'x');
    assert.equal(matchHostname('db.example.test.', c, 'python').matches, false);
    assert.equal(matchHostname('DB.EXAMPLE.TEST', c, 'python').matches, true);
  });

  test('PyMySQL to bücher.example.test with a SAN xn--bcher-kva.example.test: accepted, Python sends the A-label', () => {
    const c = rawLeaf(['xn--bcher-kva.example.test'], [], 'x');
    assert.equal(matchHostname('bücher.example.test', c, 'python').matches, true);
    assert.equal(matchHostname('bücher.example.test', c, 'openssl').matches, false);
  });

  test('each client is judged by its own rules: PyMySQL by Python, Connector/Python and the mysql CLI by OpenSSL, mysql2 by Node', () => {
    const byIp = (driver: DriverId) => chainFacts({ ...chainContext([leaf(testCa, undefined, { cn: '127.0.0.1' })], [testCa], driver), host: '127.0.0.1' }).hostMatch?.matches;
    assert.deepEqual(['pymysql', 'mysql-connector-python', 'mysql-cli', 'mysql2'].map((d) => byIp(d as DriverId)), [false, true, true, false]);
  });

  test('PyMySQL by IP to a certificate whose CN holds that IP: the finding says the CN is not consulted', () => {
    const c = { ...chainContext([leaf(testCa, undefined, { cn: '127.0.0.1' })], [testCa], 'pymysql'), host: '127.0.0.1' };
    c.eff = { ...c.eff, verifyHostname: true };
    const f = chainFindings(c, chainFacts(c)).find((x) => x.code === 'hostname-mismatch');
    assert.ok(f, 'a hostname-mismatch finding');
    assert.match(f.detail, /CN is 127\.0\.0\.1\. Python checks an IP address against IP SANs only; the CN 127\.0\.0\.1 is not consulted\. Reissue it/);
    assert.equal(f.fixes.find((x) => x.kind === 'set-host'), undefined, 'no "connect to 127.0.0.1": it is the host already');
  });

  test("agrees with Python's ssl module on a real handshake for each odd certificate and host", { timeout: 120_000 }, async (t) => {
    const check = spawnSync('python3', ['-c', 'import ssl'], { encoding: 'utf8', timeout: 20_000 });
    if (check.error || check.status !== 0) {
      assert.fail(`python3 with its ssl module must be on PATH: this test compares the 'python' host rules with it (${check.error?.message ?? check.stderr.trim()})`);
    }
    // 2048-bit keys: OpenSSL's default security level refuses 1024-bit ones in a real handshake.
    const pyCa = ca('Python CA', undefined, { keyBits: 2048 });
    const keyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const raw = (dns: string[], ips: string[], cn: string) => rawLeaf(dns, ips, cn, pyCa, keyPem);
    const certs = [raw([], [], 'db.example.test'), raw(['db.example.test'], [], 'other.example.test'), raw([], ['127.0.0.1', '::1'], 'x'),
      raw([], [], '127.0.0.1'), raw([], ['10.0.0.1'], '127.0.0.1'), raw(['*.example.test'], [], 'x'), raw(['db*.example.test'], [], 'x'),
      raw(['*.test'], [], 'x'), raw(['xn--bcher-kva.example.test'], [], 'x')];
    const hosts = ['db.example.test', 'DB.EXAMPLE.TEST', 'db.example.test.', 'other.example.test', 'db1.example.test', 'db.test', 'a.b.example.test',
      'my_db.example.test', 'bücher.example.test', '127.0.0.1', '127.000.000.001', '127.0.0.1.', '::1', '0:0:0:0:0:0:0:1', 'localhost'];
    const servers = await Promise.all(certs.map((c) => tlsServer(c.toString(), keyPem)));
    t.after(() => servers.forEach((s) => s.close()));
    const caFile = join(tempDir(t), 'ca.pem');
    writeFileSync(caFile, pyCa.certPem);
    const pairs = servers.flatMap((s) => hosts.map((h) => [(s.address() as AddressInfo).port, h]));
    const verdicts: string[] = JSON.parse(await python3(PYTHON_HOST_PROBE, JSON.stringify({ ca: caFile, pairs })));
    certs.forEach((cert, i) => hosts.forEach((h, j) => {
      const python = verdicts[i * hosts.length + j];
      const what = `${h} vs ${cert.subjectAltName ?? cert.subject}`;
      assert.doesNotMatch(python, /^error/, what);
      assert.equal(matchHostname(h, cert, 'python').matches, python === 'accept', what);
    }));
  });
});

describe('certs dates', () => {
  const now = new Date('2030-06-01T00:00:00Z');
  const at = (from: string, to: string) => x(leaf(testCa, ['localhost'], { notBefore: new Date(from), notAfter: new Date(to) }));

  test('expired server certificate', () => {
    const [d, ...rest] = checkDates([at('2028-01-01T00:00:00Z', '2030-05-01T00:00:00Z')], now, 30);
    assert.equal(rest.length, 0);
    assert.equal(d.kind, 'expired');
    assert.equal(d.index, 0);
    assert.equal(d.days, 31);
    assert.equal(d.notAfter, '2030-05-01T00:00:00Z');
    assert.equal(d.subject, 'CN=localhost');
  });

  test('not-yet-valid server certificate', () => {
    const [d] = checkDates([at('2030-06-11T00:00:00Z', '2031-06-01T00:00:00Z')], now, 30);
    assert.equal(d.kind, 'not-yet-valid');
    assert.equal(d.days, 10);
    assert.equal(d.notBefore, '2030-06-11T00:00:00Z');
  });

  test('certificate expiring within the warning window, and not outside it', () => {
    const soon = at('2029-01-01T00:00:00Z', '2030-06-21T00:00:00Z');
    const [d] = checkDates([soon], now, 30);
    assert.equal(d.kind, 'expiring-soon');
    assert.equal(d.days, 20);
    assert.deepEqual(checkDates([soon], now, 10), []);
  });

  test('expired intermediate behind a valid leaf', () => {
    const int = ca('Old Intermediate', labRoot, { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
    const l = leaf(int, ['localhost'], { notBefore: new Date('2029-01-01T00:00:00Z'), notAfter: new Date('2032-01-01T00:00:00Z') });
    const issues = checkDates([x(l), x(int)], now, 30);
    assert.deepEqual(issues.map((i) => [i.index, i.kind, i.subject]), [[1, 'expired', 'CN=Old Intermediate']]);
  });
});

describe('certs x509', () => {
  test('summary of a server certificate as the JSON report shows it', () => {
    const l = leaf(testCa, ['localhost', '::1'], { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2036-01-01T00:00:00Z') });
    const s = summarize(x(l));
    assert.equal(s.subject, 'CN=localhost');
    assert.equal(s.issuer, 'CN=Test CA');
    assert.equal(s.notBefore, '2026-01-01T00:00:00Z');
    assert.equal(s.notAfter, '2036-01-01T00:00:00Z');
    assert.deepEqual(s.san, ['DNS:localhost', 'IP:::1']);
    assert.match(s.sha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(s.selfSigned, false);
    assert.equal(s.isCA, false);
    assert.equal(s.keyType, 'rsa');
    assert.equal(s.keyBits, 1024);
    assert.equal(s.signatureAlgorithm, 'sha256WithRSAEncryption');
    assert.equal(summarize(x(testCa)).selfSigned, true);
  });

  test('PEM bundle with two certificates, a key and a cut-off block', () => {
    const text = localhostLeaf.certPem + testCa.certPem + localhostLeaf.keyPem + otherCa.certPem.slice(0, 200);
    const r = readPemCertificates(text);
    assert.deepEqual(r.certs.map((c) => c.subject), ['CN=localhost', 'CN=Test CA']);
    assert.equal(r.problems.length, 2);
    assert.match(r.problems[0], /PRIVATE KEY block at line \d+ is not a certificate/);
    assert.match(r.problems[1], /CERTIFICATE block at line \d+ has no END line/);
    assert.doesNotMatch(r.problems.join(' '), /MII/); // never echoes the base64 body
  });

  test('text without PEM, and a certificate whose base64 is damaged', () => {
    assert.match(readPemCertificates('hello').problems[0], /no PEM block/);
    const damaged = testCa.certPem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!');
    const r = readPemCertificates(damaged);
    assert.equal(r.certs.length, 0);
    assert.match(r.problems[0], /not valid base64/);
  });

  test('OpenSSL TRUSTED CERTIFICATE block (trust settings after the certificate) is read', () => {
    const r = spawnSync('openssl', ['x509', '-addtrust', 'serverAuth', '-trustout'], { input: testCa.certPem, encoding: 'utf8', timeout: 20_000 });
    assert.match(r.stdout, /BEGIN TRUSTED CERTIFICATE/);
    const out = readPemCertificates(r.stdout);
    assert.deepEqual(out.problems, []);
    assert.equal(out.certs[0].fingerprint256, x(testCa).fingerprint256);
  });

  test('Windows line endings and a byte order mark do not matter', () => {
    const r = readPemCertificates('\ufeff' + testCa.certPem.replace(/\n/g, '\r\n'));
    assert.equal(r.certs.length, 1);
    assert.deepEqual(r.problems, []);
  });
});

function chainContext(presented: Issued[], caFile: Issued[], driver: DriverId = 'mysql-cli'): ChainContext {
  const conn: Connection = {
    id: 't', label: 'localhost', dialect: 'uri', driver, host: 'localhost', port: 3306,
    tls: { mode: 'VERIFY_CA', ca: '/ca.pem' }, span: { start: 0, end: 0 }, params: {}, problems: [],
  };
  return { eff: effectiveTls(conn), host: 'localhost', presented: presented.map(x), caFile: caFile.map(x), now: new Date(), warnDays: 30 };
}

function dateCodes(c: ChainContext): string[] {
  return chainFindings(c, chainFacts(c)).map((f) => f.code).filter((code) => code.startsWith('cert-'));
}

describe('certs dates along the path the client builds', () => {
  const PAST = { notBefore: new Date('2015-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') };
  const NOW = { notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 3650 * 86_400_000) };
  const oldRoot = ca('Old Root', undefined, PAST);
  const newRoot = ca('New Root', undefined, NOW);
  const inter = ca('Issuing CA', newRoot, NOW);
  const serverLeaf = leaf(inter, ['localhost'], NOW);
  // New Root, cross-signed by Old Root (expired), as servers send it for clients that only know Old Root.
  const crossSigned = reissue(newRoot, oldRoot, PAST);

  /** What `openssl verify` (dates checked) says about the same leaf, sent chain and CA file. */
  function opensslAccepts(t: { after(fn: () => void): void }, presented: Issued[], trusted: Issued[]): boolean {
    const dir = tempDir(t);
    const file = (n: string, certs: Issued[]) => {
      const p = join(dir, `${n}.pem`);
      writeFileSync(p, certs.map((c) => c.certPem).join(''));
      return p;
    };
    const args = ['verify', '-CAfile', file('trust', trusted)];
    if (presented.length > 1) args.push('-untrusted', file('sent', presented.slice(1)));
    args.push(file('leaf', presented.slice(0, 1)));
    return spawnSync('openssl', args, { encoding: 'utf8', timeout: 20_000 }).status === 0;
  }

  test('the CA file holds an expired CA certificate: cert-expired on the CA file, as openssl verify rejects it', (t) => {
    const expiredCa = ca('Expired Dev CA', undefined, PAST);
    const l = leaf(expiredCa, ['localhost'], NOW);
    const c = chainContext([l], [expiredCa]);
    const [f, ...rest] = chainFindings(c, chainFacts(c));
    assert.equal(rest.length, 0, rest.map((r) => r.code).join(', '));
    assert.equal(f.code, 'cert-expired');
    assert.equal(f.evidence.from, 'ca-file');
    assert.equal(f.param, 'ca');
    assert.match(f.title, /^CA certificate CN=Expired Dev CA in the CA file expired 2021-01-01/);
    assert.equal(f.fixes.find((x) => x.preferred)?.kind, 'set-ca');
    assert.equal(opensslAccepts(t, [l], [expiredCa]), false);
  });

  test('the CA file holds the renewed copy of an expired CA (same key): no date finding, as openssl verify accepts it', (t) => {
    const expiredCa = ca('Renewed Dev CA', undefined, PAST);
    const renewed = reissue(expiredCa, 'self', NOW);
    const l = leaf(expiredCa, ['localhost'], NOW);
    assert.deepEqual(dateCodes(chainContext([l, expiredCa], [renewed])), [], 'the expired copy the server sends is not used');
    assert.equal(opensslAccepts(t, [l, expiredCa], [renewed]), true);
  });

  test('server sends an expired cross-signed root the client does not need: no date finding, as openssl verify accepts it', (t) => {
    const sent = [serverLeaf, inter, crossSigned];
    assert.deepEqual(dateCodes(chainContext(sent, [newRoot])), []);
    assert.equal(opensslAccepts(t, sent, [newRoot]), true);
  });

  test('client trusts only the old root: the path runs through the expired cross-sign and old root, both reported', (t) => {
    const sent = [serverLeaf, inter, crossSigned];
    const c = chainContext(sent, [oldRoot]);
    const facts = chainFacts(c);
    assert.equal(facts.verdict.status, 'trusted');
    assert.deepEqual(facts.dates.map((d) => [d.subject, d.from, d.kind]), [
      ['CN=New Root', 'server', 'expired'],
      ['CN=Old Root', 'ca-file', 'expired'],
    ]);
    assert.equal(opensslAccepts(t, sent, [oldRoot]), false);
  });

  test('server sends an expired and a valid copy of its intermediate: the valid one is used, as openssl does', (t) => {
    const staleInter = reissue(inter, newRoot, PAST);
    const sent = [serverLeaf, staleInter, inter];
    assert.deepEqual(dateCodes(chainContext(sent, [newRoot])), []);
    assert.equal(opensslAccepts(t, sent, [newRoot]), true);
    assert.deepEqual(dateCodes(chainContext([serverLeaf, staleInter], [newRoot])), ['cert-expired'], 'with only the stale copy it is used and reported');
    assert.equal(opensslAccepts(t, [serverLeaf, staleInter], [newRoot]), false);
  });

  test('CA certificate in the CA file expires within the warning days: a warning naming the CA file', () => {
    const soon = ca('Soon CA', undefined, { notBefore: NOW.notBefore, notAfter: new Date(Date.now() + 10 * 86_400_000) });
    const c = chainContext([leaf(soon, ['localhost'], NOW)], [soon]);
    const [f] = chainFindings(c, chainFacts(c));
    assert.equal(f.code, 'cert-expiring-soon');
    assert.equal(f.evidence.from, 'ca-file');
    assert.match(f.title, /CA certificate CN=Soon CA in the CA file expires in \d+ day/);
  });

  test("an expired root of the system's store: update the store or give a CA file, never renew a public root with its key", () => {
    const c = { ...chainContext([serverLeaf], []), caFile: undefined };
    const root = x(oldRoot);
    const facts: ChainFacts = {
      verdict: { path: [{ cert: x(serverLeaf), from: 'server' }, { cert: root, from: 'system' }], status: 'trusted', trustedBy: 'system', detail: '' },
      dates: [{ index: 1, from: 'system', kind: 'expired', subject: 'CN=Old Root', notBefore: '2015-01-01T00:00:00Z', notAfter: '2021-01-01T00:00:00Z', days: 1000 }],
    };
    const [f] = chainFindings(c, facts);
    assert.equal(f.code, 'cert-expired');
    assert.match(f.title, /^Trusted root CN=Old Root of the system expired/);
    assert.equal(f.fixes.find((x) => x.preferred)?.kind, 'set-ca');
    assert.ok(f.fixes.every((x) => !/renew/i.test(x.title) && !('commands' in x && (x.commands ?? []).some((cmd: string) => cmd.includes('-signkey')))), f.fixes.map((x) => x.title).join('; '));
  });

  test('Java client with an expired CA as its trust anchor: Java does not check anchor dates, so no finding', () => {
    const expiredCa = ca('Expired Java CA', undefined, PAST);
    assert.deepEqual(dateCodes(chainContext([leaf(expiredCa, ['localhost'], NOW)], [expiredCa], 'connector-j')), []);
  });
});
