import type { Rule } from './match';

/* PHP PDO_MySQL / mysqli with mysqlnd (its TLS goes through PHP's OpenSSL streams). */

const PDO_2002 =
  'PDO (mysqlnd) reports a TLS failure as [2002], like a refused connection: the warning before it ("SSL operation failed with code 1. OpenSSL Error messages: ...") holds the reason.';

const PHP_SSL_CATCH_ALL =
  '"Cannot connect to MySQL using SSL" is mysqlnd\'s catch-all after a failed TLS handshake: the server was reached and offers TLS. The reason is in the PHP warning printed before it ("OpenSSL Error messages: ..."), or run the diagnosis.';

export const phpRules: Rule[] = [
  { client: 'php-pdo', pattern: 'PDO 2002', needles: ['sqlstate[hy000] [2002]'], codes: ['unreachable'], weight: 15, fallback: true, misleading: PDO_2002 },
  { client: 'php-pdo', pattern: 'SSL operation failed', needles: ['ssl operation failed with code', 'failed to enable crypto'], codes: [], weight: 10 },
  // mysqlnd's catch-all once the TLS handshake failed: the server was reached and offered TLS.
  { client: 'php-pdo', pattern: 'Cannot connect to MySQL using SSL', needles: ['cannot connect to mysql using ssl', 'cannot connect to mysql by using ssl'], codes: ['ca-untrusted', 'cert-expired', 'hostname-mismatch', 'tls-version-mismatch', 'cipher-mismatch', 'file-missing'], weight: 20, misleading: PHP_SSL_CATCH_ALL },
  { client: 'php-pdo', pattern: 'no valid certs in cafile', needles: ['no valid certs found cafile stream'], codes: ['file-der-encoded', 'file-wrong-kind', 'file-truncated'], weight: 85 },
  { client: 'php-pdo', pattern: 'peer CN mismatch', needles: ['did not match expected cn', 'peer certificate cn=', 'peer certificate subjectaltname did not match expected name'], codes: ['hostname-mismatch'], weight: 95 },
  { client: 'php-pdo', pattern: 'cafile not loaded', needles: ['failed loading cafile stream', 'failed loading capath'], codes: ['file-missing', 'file-unreadable'], weight: 80 },
  { client: 'php-pdo', pattern: 'local cert not loaded', needles: ['unable to set local cert chain file'], codes: ['file-missing', 'file-wrong-kind', 'file-der-encoded'], weight: 55 },
  // OpenSSL refuses a key that does not match the certificate just loaded, as it does an unreadable one.
  { client: 'php-pdo', pattern: 'private key not loaded', needles: ['unable to set private key file'], codes: ['file-wrong-kind', 'key-cert-mismatch', 'file-missing'], weight: 60 },
];
