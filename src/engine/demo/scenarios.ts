import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCa, createServerCert, type Issued } from '../certs/generate';
import type { FindingCode } from '../model/finding';
import { startFakeServer, type FakeServer, type FakeServerOptions } from './fakeServer';

/** One faulty server of the demo, with the connection a user would have written for it. */
export interface DemoScenario {
  title: string;
  cause?: number;
  /** The connection string, with `{port}` and `{dir}` filled in once the server runs. */
  connection: string;
  expect: FindingCode;
  server: (pki: DemoPki) => FakeServerOptions;
}

export interface DemoPki {
  dir: string;
  ca: Issued;
  otherCa: Issued;
  leaf: Issued;
}

const DAY = 86_400_000;

export const SCENARIOS: DemoScenario[] = [
  {
    title: 'A healthy server, verified with its CA',
    connection: 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca={dir}/ca.pem',
    expect: 'tls-ok',
    server: (p) => ({ greetingTls: true, tls: { key: p.leaf.keyPem, cert: p.leaf.certPem } }),
  },
  {
    title: 'The server certificate has expired',
    cause: 1,
    connection: 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=VERIFY_CA&ssl-ca={dir}/ca.pem',
    expect: 'cert-expired',
    server: (p) => {
      const old = createServerCert(p.ca, { cn: 'localhost', hosts: ['localhost', '127.0.0.1'], notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 30 * DAY) });
      return { greetingTls: true, tls: { key: old.keyPem, cert: old.certPem } };
    },
  },
  {
    title: 'The client trusts a CA that did not issue the server certificate',
    cause: 2,
    connection: 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=VERIFY_CA&ssl-ca={dir}/ca.pem',
    expect: 'ca-untrusted',
    server: (p) => {
      const other = createServerCert(p.otherCa, { cn: 'localhost', hosts: ['localhost', '127.0.0.1'] });
      return { greetingTls: true, tls: { key: other.keyPem, cert: other.certPem } };
    },
  },
  {
    title: 'The host name is not in the certificate',
    cause: 3,
    connection: 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca={dir}/ca.pem',
    expect: 'hostname-mismatch',
    server: (p) => {
      const named = createServerCert(p.ca, { cn: 'db.internal', hosts: ['db.internal'] });
      return { greetingTls: true, tls: { key: named.keyPem, cert: named.certPem } };
    },
  },
  {
    title: 'The client allows TLS 1.2 only, the server TLS 1.3 only',
    cause: 4,
    connection: 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca={dir}/ca.pem&tls-version=TLSv1.2',
    expect: 'tls-version-mismatch',
    server: (p) => ({ greetingTls: true, tls: { key: p.leaf.keyPem, cert: p.leaf.certPem, minVersion: 'TLSv1.3' } }),
  },
  {
    title: 'No cipher in common',
    cause: 5,
    connection: 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca={dir}/ca.pem&tls-version=TLSv1.2&ssl-cipher=ECDHE-RSA-AES256-GCM-SHA384',
    expect: 'cipher-mismatch',
    server: (p) => ({ greetingTls: true, tls: { key: p.leaf.keyPem, cert: p.leaf.certPem, maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' } }),
  },
  {
    title: 'The client requires TLS, the server has it turned off',
    cause: 6,
    connection: 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=REQUIRED',
    expect: 'server-tls-disabled',
    server: () => ({ greetingTls: false }),
  },
  {
    title: 'The CA file is DER, where the client expects PEM',
    cause: 7,
    connection: 'mysql://app@127.0.0.1:{port}/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca={dir}/ca.der',
    expect: 'file-der-encoded',
    server: (p) => ({ greetingTls: true, tls: { key: p.leaf.keyPem, cert: p.leaf.certPem } }),
  },
];

/** Makes the demo's certificates in a temporary folder. */
export function makeDemoPki(): DemoPki {
  const dir = mkdtempSync(join(tmpdir(), 'tls-doctor-demo-'));
  const ca = createCa({ cn: 'TLS Doctor Demo CA' });
  const otherCa = createCa({ cn: 'Some Other CA' });
  const leaf = createServerCert(ca, { cn: 'localhost', hosts: ['localhost', '127.0.0.1', '::1'] });
  writeFileSync(join(dir, 'ca.pem'), ca.certPem);
  writeFileSync(join(dir, 'ca.der'), new X509Certificate(ca.certPem).raw);
  return { dir, ca, otherCa, leaf };
}

export interface RunningScenario {
  scenario: DemoScenario;
  connection: string;
  server: FakeServer;
}

export async function startScenario(s: DemoScenario, pki: DemoPki): Promise<RunningScenario> {
  const server = await startFakeServer(s.server(pki));
  const connection = s.connection.replace('{port}', String(server.port)).replace(/\{dir\}/g, pki.dir);
  return { scenario: s, connection, server };
}

export function removeDemoPki(pki: DemoPki): void {
  rmSync(pki.dir, { recursive: true, force: true });
}
