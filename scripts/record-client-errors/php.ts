// PHP 8 on mysqlnd (Debian's php-cli php-mysql): mysqli and PDO. mysqlnd does TLS through PHP's
// OpenSSL streams; what a user pastes is the warning(s) PHP prints and then the exception.
import type { LabManifest, LabServerName } from '../../test/lab/manifest';
import type { FindingCode } from '../../src/engine/model/finding';
import type { Scenario } from './run';

/** mysqli: ssl_set + real_connect with MYSQLI_CLIENT_SSL (mysqlnd then verifies the peer). */
const MYSQLI = `
$c = json_decode($argv[1], true);
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
try {
  $m = mysqli_init();
  $m->options(MYSQLI_OPT_CONNECT_TIMEOUT, 5);
  $flags = 0;
  if (isset($c['ssl'])) {
    $s = $c['ssl'];
    $m->ssl_set($s['key'] ?? null, $s['cert'] ?? null, $s['ca'] ?? null, null, $s['cipher'] ?? null);
    $flags = ($s['verify'] ?? true) ? MYSQLI_CLIENT_SSL : MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT;
  }
  $m->real_connect($c['host'], $c['user'], $c['password'], null, $c['port'], null, $flags);
  echo "connected\\n";
} catch (Throwable $e) {
  echo get_class($e), ': ', $e->getMessage(), "\\n";
}
`;

/** PDO: the PDO::MYSQL_ATTR_SSL_* options, as Laravel passes them. */
const PDO_SCRIPT = `
$c = json_decode($argv[1], true);
$o = [PDO::ATTR_TIMEOUT => 5, PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION];
if (isset($c['ssl'])) {
  $s = $c['ssl'];
  if (isset($s['ca'])) $o[PDO::MYSQL_ATTR_SSL_CA] = $s['ca'];
  if (isset($s['cert'])) $o[PDO::MYSQL_ATTR_SSL_CERT] = $s['cert'];
  if (isset($s['key'])) $o[PDO::MYSQL_ATTR_SSL_KEY] = $s['key'];
  if (isset($s['cipher'])) $o[PDO::MYSQL_ATTR_SSL_CIPHER] = $s['cipher'];
  $o[PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT] = $s['verify'] ?? true;
}
try {
  new PDO("mysql:host={$c['host']};port={$c['port']}", $c['user'], $c['password'], $o);
  echo "connected\\n";
} catch (Throwable $e) {
  echo get_class($e), ': ', $e->getMessage(), "\\n";
}
`;

type Api = 'php-mysqli' | 'php-pdo';
type Ssl = (l: LabManifest) => Record<string, unknown> | undefined;

function s(api: Api, situation: string, lab: LabServerName, expect: FindingCode[], ssl: Ssl, opts: { user?: keyof LabManifest['users']; host?: string } = {}): Scenario {
  return {
    client: api, situation, lab, expect,
    command: (l) => ({
      file: 'php',
      // Warnings on stdout before the exception, as a web page or a log shows them; no file paths.
      args: ['-d', 'display_errors=stdout', '-d', 'html_errors=0', '-d', 'error_reporting=E_ALL', '-r', api === 'php-mysqli' ? MYSQLI : PDO_SCRIPT,
        JSON.stringify({ host: opts.host ?? '127.0.0.1', port: l.servers[lab].port, user: l.users[opts.user ?? 'plain'], password: l.password, ssl: ssl(l) })],
    }),
    pick: (out) => out.replace(/ in Command line code on line \d+/g, ''),
  };
}

/**
 * What the TEXT lets one conclude. mysqli's warning carries OpenSSL's reason, which OpenSSL 3
 * words "certificate verify failed" for every chain fault; PDO prints no warning at all, only
 * mysqlnd's catch-all, so every TLS fault reads the same there.
 */
const VERIFY_FAILED: FindingCode[] = ['ca-untrusted', 'intermediate-missing', 'cert-expired', 'hostname-mismatch'];
const CATCH_ALL: FindingCode[] = ['ca-untrusted', 'cert-expired', 'hostname-mismatch', 'tls-version-mismatch', 'cipher-mismatch', 'file-missing'];

/** "Unable to set private key file": a certificate in the key slot reads the same as a key of another pair. */
const UNABLE_TO_SET_KEY: FindingCode[] = ['file-wrong-kind', 'key-cert-mismatch', 'file-missing'];

function fromText(api: Api, mysqli: FindingCode[]): FindingCode[] {
  return api === 'php-mysqli' ? mysqli : CATCH_ALL;
}

export function phpScenarios(api: Api): Scenario[] {
  return [
    s(api, 'expired server certificate', 'expired', fromText(api, VERIFY_FAILED), (l) => ({ ca: l.files.ca })),
    s(api, 'server certificate not yet valid', 'not-yet-valid', fromText(api, VERIFY_FAILED), (l) => ({ ca: l.files.ca })),
    s(api, 'server certificate issued by another CA', 'other-ca', fromText(api, VERIFY_FAILED), (l) => ({ ca: l.files.ca })),
    s(api, 'no intermediate sent, ca holds only the root', 'no-intermediate', fromText(api, VERIFY_FAILED), (l) => ({ ca: l.files['root-only'] })),
    // Not "localhost": mysqlnd takes it for the Unix socket (2002 "No such file or directory").
    s(api, 'host name not in the certificate', 'wrong-san', fromText(api, ['hostname-mismatch']), (l) => ({ ca: l.files.ca })),
    s(api, 'TLS 1.0/1.1-only server', 'legacy-only', fromText(api, ['tls-version-mismatch']), (l) => ({ ca: l.files.ca })),
    s(api, 'cipher the server does not accept', 'one-cipher', fromText(api, ['cipher-mismatch', 'tls-version-mismatch']), (l) => ({ ca: l.files.ca, cipher: 'AES256-SHA' })),
    // mysqlnd asks for TLS, the server answers in plaintext: 2006 "MySQL server has gone away".
    s(api, 'TLS asked of a server with TLS disabled', 'tls-disabled', ['server-tls-disabled'], (l) => ({ ca: l.files.ca })),
    s(api, 'no TLS against require_secure_transport=ON', 'secure-transport', ['account-requires-tls'], () => undefined),
    s(api, 'no TLS with a REQUIRE SSL account', 'healthy', ['account-requires-tls'], () => undefined, { user: 'requireSsl' }),
    s(api, 'ca path does not exist', 'healthy', fromText(api, ['file-missing']), (l) => ({ ca: l.files.missing })),
    s(api, 'ca file is DER', 'healthy', fromText(api, ['file-der-encoded', 'file-wrong-kind', 'file-truncated']), (l) => ({ ca: l.files['ca-der'] })),
    s(api, 'key does not belong to the certificate', 'healthy', fromText(api, UNABLE_TO_SET_KEY), (l) => ({ ca: l.files.ca, cert: l.files['client-cert'], key: l.files['client-key-mismatched'] })),
    s(api, 'REQUIRE X509 account without a client certificate', 'healthy', ['account-requires-tls', 'login-refused'], (l) => ({ ca: l.files.ca }), { user: 'requireX509' }),
  ];
}
