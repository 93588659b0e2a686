// The mariadb command-line client (MariaDB Connector/C on OpenSSL 3) against each lab fault.
import type { LabManifest, LabServerName } from '../../test/lab/manifest';
import type { FindingCode } from '../../src/engine/model/finding';
import type { Command, Scenario } from './run';

function cli(lab: LabManifest, server: LabServerName | number, user: string, extra: string[], host = '127.0.0.1'): Command {
  const port = typeof server === 'number' ? server : lab.servers[server].port;
  return {
    file: 'mariadb',
    args: ['--no-defaults', '-h', host, '-P', String(port), '-u', user, '-e', 'SELECT 1', ...extra],
    env: { MYSQL_PWD: lab.password },
  };
}

function s(situation: string, lab: LabServerName, expect: FindingCode[], extra: (l: LabManifest) => string[], opts: { user?: keyof LabManifest['users']; host?: string; port?: number } = {}): Scenario {
  return {
    client: 'mysql-cli', situation, lab, expect,
    command: (l) => cli(l, opts.port ?? lab, l.users[opts.user ?? 'plain'], extra(l), opts.host),
  };
}

const verify = (ca: string): string[] => ['--ssl-verify-server-cert', `--ssl-ca=${ca}`];

const expiredClient = (l: LabManifest): string[] => [`--ssl-ca=${l.files.ca}`, `--ssl-cert=${l.files['client-cert-expired']}`, `--ssl-key=${l.files['client-cert-expired'].replace(/\.pem$/, '-key.pem')}`];

export const mariadbCliScenarios: Scenario[] = [
  s('expired server certificate with --ssl-verify-server-cert', 'expired', ['cert-expired'], (l) => verify(l.files.ca)),
  s('server certificate not yet valid with --ssl-verify-server-cert', 'not-yet-valid', ['cert-not-yet-valid'], (l) => verify(l.files.ca)),
  s('server certificate issued by another CA than --ssl-ca', 'other-ca', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], (l) => verify(l.files.ca)),
  s('server sends no intermediate and --ssl-ca holds only the root', 'no-intermediate', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], (l) => verify(l.files['root-only'])),
  s('--ssl-ca is a different CA than the one that issued the chain', 'healthy', ['ca-untrusted', 'ca-not-configured'], (l) => verify(l.files['ca-other'])),
  s('--ssl-verify-server-cert without --ssl-ca on a private CA', 'healthy', ['ca-untrusted', 'ca-not-configured'], () => ['--ssl-verify-server-cert']),
  s('host name not in the certificate SANs', 'wrong-san', ['hostname-mismatch'], (l) => verify(l.files.ca)),
  s('connecting by name to a certificate with only an IP SAN', 'ip-only-san', ['hostname-mismatch'], (l) => verify(l.files.ca), { host: 'localhost' }),
  s('--tls-version=TLSv1.3 against a TLS 1.2-only server', 'tls12-only', ['tls-version-mismatch'], (l) => ['--tls-version=TLSv1.3', `--ssl-ca=${l.files.ca}`]),
  s('--tls-version=TLSv1.2 against a TLS 1.3-only server', 'tls13-only', ['tls-version-mismatch'], (l) => ['--tls-version=TLSv1.2', `--ssl-ca=${l.files.ca}`]),
  s('default versions against a TLS 1.0/1.1-only server', 'legacy-only', ['tls-version-mismatch'], (l) => [`--ssl-ca=${l.files.ca}`]),
  s('--tls-version=TLSv1.2,TLSv1.3 against a TLS 1.0/1.1-only server', 'legacy-only', ['tls-version-mismatch'], (l) => ['--tls-version=TLSv1.2,TLSv1.3', `--ssl-ca=${l.files.ca}`]),
  s('--ssl-cipher with no cipher the server accepts', 'one-cipher', ['cipher-mismatch', 'tls-version-mismatch'], (l) => ['--ssl-cipher=AES256-SHA', `--ssl-ca=${l.files.ca}`]),
  s('--ssl-cipher naming no known cipher', 'one-cipher', ['cipher-mismatch'], (l) => ['--ssl-cipher=NO-SUCH-CIPHER', `--ssl-ca=${l.files.ca}`]),
  s('--ssl-verify-server-cert against a server with TLS disabled', 'tls-disabled', ['server-tls-disabled'], (l) => verify(l.files.ca)),
  s('--skip-ssl against require_secure_transport=ON', 'secure-transport', ['account-requires-tls'], () => ['--skip-ssl']),
  s('--skip-ssl with a REQUIRE SSL account', 'healthy', ['account-requires-tls'], () => ['--skip-ssl'], { user: 'requireSsl' }),
  s('REQUIRE X509 account without a client certificate', 'healthy', ['account-requires-tls'], (l) => [`--ssl-ca=${l.files.ca}`], { user: 'requireX509' }),
  s('--ssl-ca names a file that does not exist', 'healthy', ['file-missing'], (l) => verify(l.files.missing)),
  s('--ssl-ca is DER, not PEM', 'healthy', ['file-der-encoded', 'file-wrong-kind', 'file-truncated'], (l) => verify(l.files['ca-der'])),
  s('--ssl-ca is a truncated PEM file', 'healthy', ['file-truncated'], (l) => verify(l.files['ca-truncated'])),
  s('--ssl-ca holds a private key', 'healthy', ['file-der-encoded', 'file-wrong-kind', 'file-truncated'], (l) => verify(l.files['key-as-ca'])),
  s('--ssl-key does not belong to --ssl-cert', 'healthy', ['key-cert-mismatch'], (l) => [`--ssl-ca=${l.files.ca}`, `--ssl-cert=${l.files['client-cert']}`, `--ssl-key=${l.files['client-key-mismatched']}`]),
  s('--ssl-key is encrypted, no passphrase at the prompt', 'healthy', ['key-encrypted'], (l) => [`--ssl-ca=${l.files.ca}`, `--ssl-cert=${l.files['client-cert']}`, `--ssl-key=${l.files['client-key-encrypted']}`]),
  s('--ssl-key holds a certificate', 'healthy', ['file-wrong-kind', 'file-der-encoded', 'key-encrypted'], (l) => [`--ssl-ca=${l.files.ca}`, `--ssl-cert=${l.files['client-cert']}`, `--ssl-key=${l.files.ca}`]),
  s('--ssl-cert names a file that does not exist', 'healthy', ['file-missing'], (l) => [`--ssl-ca=${l.files.ca}`, `--ssl-cert=${l.files.missing}`, `--ssl-key=${l.files['client-key']}`]),
  s('expired client certificate over TLS 1.2', 'healthy', ['client-cert-expired'], (l) => [...expiredClient(l), '--tls-version=TLSv1.2'], { user: 'requireX509' }),
  // TLS 1.3 checks the client certificate after the client's last handshake message: the
  // rejection usually arrives as a lost connection, sometimes still as the alert.
  { ...s('expired client certificate over TLS 1.3', 'healthy', ['client-cert-expired'], (l) => [...expiredClient(l), '--tls-version=TLSv1.3'], { user: 'requireX509' }), prefer: (out) => out.includes('ERROR 2013') },
  s('nothing listens on the port', 'healthy', ['unreachable'], () => ['--ssl'], { port: 1 }),
];
