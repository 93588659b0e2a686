// Node.js with mysql2 (the project's own dependency): the error as an app logs it, without the
// stack (its file paths change per machine).
import { join } from 'node:path';
import type { LabManifest, LabServerName } from '../../test/lab/manifest';
import type { FindingCode } from '../../src/engine/model/finding';
import type { Scenario } from './run';

const SCRIPT = `
const mysql = require('mysql2');
const cfg = JSON.parse(process.argv[1]);
const fs = require('fs');
const ssl = cfg.ssl && { ...cfg.ssl };
if (ssl) for (const k of ['ca', 'cert', 'key']) if (ssl[k]) ssl[k] = fs.readFileSync(ssl[k]);
const c = mysql.createConnection({ ...cfg, ssl, connectTimeout: 5000 });
c.connect((err) => {
  if (err) {
    const { code, errno, sqlState, fatal } = err;
    console.log(String(err));
    console.log(require('util').inspect({ code, errno, sqlState, fatal }, { breakLength: Infinity }));
  } else console.log('connected');
  c.destroy();
});
`;

type Ssl = Record<string, unknown>;

function s(situation: string, lab: LabServerName, expect: FindingCode[], ssl: (l: LabManifest) => Ssl | undefined, opts: { user?: keyof LabManifest['users']; host?: string } = {}): Scenario {
  return {
    client: 'mysql2', situation, lab, expect,
    command: (l) => ({
      file: 'node',
      cwd: join(__dirname, '../..'),
      args: ['-e', SCRIPT, JSON.stringify({ host: opts.host ?? '127.0.0.1', port: l.servers[lab].port, user: l.users[opts.user ?? 'plain'], password: l.password, ssl: ssl(l) })],
    }),
  };
}

export const mysql2Scenarios: Scenario[] = [
  s('expired server certificate', 'expired', ['cert-expired'], (l) => ({ ca: l.files.ca })),
  s('server certificate not yet valid', 'not-yet-valid', ['cert-not-yet-valid'], (l) => ({ ca: l.files.ca })),
  s('server certificate issued by another CA', 'other-ca', ['intermediate-missing', 'ca-untrusted'], (l) => ({ ca: l.files.ca })),
  s('no intermediate sent, ca holds only the root', 'no-intermediate', ['intermediate-missing', 'ca-untrusted'], (l) => ({ ca: l.files['root-only'] })),
  s('ssl: {} with no ca on a private CA', 'healthy', ['ca-untrusted', 'ca-not-configured'], () => ({})),
  s('verifyIdentity with a host name not in the certificate', 'wrong-san', ['hostname-mismatch'], (l) => ({ ca: l.files.ca, verifyIdentity: true }), { host: 'localhost' }),
  s('verifyIdentity by name to an IP-only certificate', 'ip-only-san', ['hostname-mismatch'], (l) => ({ ca: l.files.ca, verifyIdentity: true }), { host: 'localhost' }),
  s('maxVersion TLSv1.2 against a TLS 1.3-only server', 'tls13-only', ['tls-version-mismatch'], (l) => ({ ca: l.files.ca, maxVersion: 'TLSv1.2' })),
  s('minVersion TLSv1.3 against a TLS 1.2-only server', 'tls12-only', ['tls-version-mismatch'], (l) => ({ ca: l.files.ca, minVersion: 'TLSv1.3' })),
  s('default versions against a TLS 1.0/1.1-only server', 'legacy-only', ['tls-version-mismatch'], (l) => ({ ca: l.files.ca })),
  s('ciphers the server does not accept', 'one-cipher', ['cipher-mismatch', 'tls-version-mismatch'], (l) => ({ ca: l.files.ca, ciphers: 'AES256-SHA', maxVersion: 'TLSv1.2' })),
  s('ssl required against a server with TLS disabled', 'tls-disabled', ['server-tls-disabled'], (l) => ({ ca: l.files.ca })),
  s('no ssl against require_secure_transport=ON', 'secure-transport', ['account-requires-tls'], () => undefined),
  s('no ssl with a REQUIRE SSL account', 'healthy', ['account-requires-tls'], () => undefined, { user: 'requireSsl' }),
  // Node ignores a ca it cannot parse and then blames the chain: the text alone says "untrusted".
  s('ca file is DER (silently ignored by Node)', 'healthy', ['ca-untrusted', 'ca-not-configured'], (l) => ({ ca: l.files['ca-der'] })),
  s('ca file is truncated PEM (silently ignored by Node)', 'healthy', ['ca-untrusted', 'ca-not-configured'], (l) => ({ ca: l.files['ca-truncated'] })),
  s('ca path does not exist', 'healthy', ['file-missing'], (l) => ({ ca: l.files.missing })),
  s('key does not belong to the certificate', 'healthy', ['key-cert-mismatch'], (l) => ({ ca: l.files.ca, cert: l.files['client-cert'], key: l.files['client-key-mismatched'] })),
  s('encrypted key without passphrase', 'healthy', ['key-encrypted'], (l) => ({ ca: l.files.ca, cert: l.files['client-cert'], key: l.files['client-key-encrypted'] })),
  s('expired client certificate', 'healthy', ['client-cert-expired'], (l) => ({ ca: l.files.ca, cert: l.files['client-cert-expired'], key: l.files['client-cert-expired'].replace(/\.pem$/, '-key.pem') }), { user: 'requireX509' }),
];
