/** Certificates for the probe tests, made with the openssl CLI (fast EC keys) in a temp folder. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  caPem: string;
  leafPem: string;
  intermediatePem: string;
  /** Key of the leaf. */
  keyPem: string;
  /** Leaf + intermediate, as a server sends it. */
  chainPem: string;
}

let cached: TestPki | undefined;

/** root CA -> intermediate -> leaf (SAN localhost, 127.0.0.1), made once per process. */
export function testPki(): TestPki {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'probe-pki-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    const key = (name: string) => ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
    key('ca');
    key('int');
    key('leaf');
    ssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Probe Test Root', '-days', '3650', '-out', 'ca.pem');
    writeFileSync(join(dir, 'int.ext'), 'basicConstraints=critical,CA:true\nkeyUsage=keyCertSign,cRLSign\n');
    writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    ssl('req', '-new', '-key', 'int.key', '-subj', '/CN=Probe Test Intermediate', '-out', 'int.csr');
    ssl('x509', '-req', '-in', 'int.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '3650', '-extfile', 'int.ext', '-out', 'int.pem');
    ssl('req', '-new', '-key', 'leaf.key', '-subj', '/CN=localhost', '-out', 'leaf.csr');
    ssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-CAcreateserial', '-days', '365', '-extfile', 'leaf.ext', '-out', 'leaf.pem');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    cached = { caPem: read('ca.pem'), intermediatePem: read('int.pem'), leafPem: read('leaf.pem'), keyPem: read('leaf.key'), chainPem: read('leaf.pem') + read('int.pem') };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
