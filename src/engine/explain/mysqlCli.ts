import type { Rule } from './match';

/*
 * The mysql / mariadb command-line clients (libmysqlclient, MariaDB Connector/C) and the server
 * errors every MySQL client passes on (1045, 3159, 2061, 1130...). The text after
 * "SSL connection error:" / "TLS/SSL error:" is OpenSSL's and is matched in openssl.ts.
 */

const ACCESS_DENIED =
  '1045 "Access denied" does not say whether the password is wrong or the account requires TLS: on MariaDB a REQUIRE SSL/X509 account, or require_secure_transport=ON, rejects a plaintext login with this same 1045.';

const GENERIC_2026 =
  '2026 (CR_SSL_CONNECTION_ERROR) only says the TLS handshake failed; the cause is the text after "SSL connection error:" / "TLS/SSL error:".';

const TLS13_CLIENT_CERT =
  "2013 \"Lost connection ... at 'sending authentication information'\" is not a network problem when TLS 1.3 and a client certificate are in use: the server checks the client certificate only after the client has finished its side of the handshake, so a rejected certificate (expired, or not issued by the server's ssl_ca) shows up as a dropped connection.";

const GONE_AWAY =
  '2006 "MySQL server has gone away" while connecting is not an idle timeout: the client asked for TLS and the server did not go along. PHP (mysqlnd) reports a server with TLS turned off this way; a server whose TLS setup is broken, or a proxy cutting TLS, gives it too. The diagnosis tells them apart.';

export const mysqlCliRules: Rule[] = [
  { client: 'mysql-cli', pattern: 'client error 2026', needles: ['error 2026', '2026 (hy000)', '(2026,', '[2026]', 'ssl connection error', 'tls/ssl error'], codes: [], weight: 10, note: GENERIC_2026 },
  {
    client: 'mysql-cli', pattern: 'ssl required but not supported', weight: 100, codes: ['server-tls-disabled'],
    needles: ["ssl is required but the server doesn't support it", 'ssl is required, but the server does not support it', "server doesn't support ssl", 'server does not support ssl', 'ssl connection is required but the server', 'tls is required but the server'],
  },
  { client: 'mysql-cli', pattern: 'MariaDB server certificate validation failed', needles: ['validation of ssl server certificate failed'], codes: ['hostname-mismatch'], weight: 85, note: 'MariaDB Connector/C says this when the chain verified but the host name is not in the certificate (other verify failures print their own X509 reason).' },
  { client: 'mysql-cli', pattern: 'ssl certificate validation failure', needles: ['ssl certificate validation failure'], codes: ['hostname-mismatch', 'ca-untrusted'], weight: 60, note: 'libmysqlclient says this when its own host name check (VERIFY_IDENTITY / --ssl-verify-server-cert) fails after the handshake.' },
  { client: 'mysql-cli', pattern: 'unknown error number', needles: ['ssl connection error: unknown error number', 'unknown error number'], codes: ['tls-version-mismatch', 'cipher-mismatch'], weight: 30, note: 'Older libmysqlclient builds print "unknown error number" when the server closes the handshake, typically because it offers only TLS versions the client no longer allows.' },
  { client: 'mysql-cli', pattern: 'yaSSL protocol version mismatch', needles: ['protocol version mismatch'], codes: ['tls-version-mismatch'], weight: 80 },
  { client: 'mysql-cli', pattern: 'openssl error 00000001', needles: ['error:00000001:lib(0):func(0):reason(1)'], codes: ['tls-version-mismatch', 'cipher-mismatch'], weight: 30 },
  { client: 'mysql-cli', pattern: 'unable to get private key', needles: ['unable to get private key', 'ssl ctx use privatekey file failed', 'unable to load private key'], codes: ['file-missing', 'file-wrong-kind', 'key-encrypted', 'file-der-encoded'], weight: 50 },
  { client: 'mysql-cli', pattern: 'unable to get certificate', needles: ['unable to get certificate', 'ssl ctx use certificate chain file failed', 'ssl ctx use certificate file failed', 'unable to load certificate'], notFollowedBy: ['revocation'], codes: ['file-missing', 'file-wrong-kind', 'file-der-encoded'], weight: 50 },
  { client: 'mysql-cli', pattern: 'CA file not loaded', needles: ['ssl ctx set default verify paths failed', 'ssl ctx load verify locations failed', 'failed to load ca'], codes: ['file-missing', 'file-wrong-kind', 'file-der-encoded'], weight: 55 },
  { client: 'mysql-cli', pattern: 'failed to set ciphers', needles: ['failed to set ciphers to use', 'ssl ctx set cipher list failed'], codes: ['cipher-mismatch'], weight: 75, note: 'The client cipher list names no cipher this client library knows: fix the ssl-cipher value.' },
  { client: 'mysql-cli', pattern: 'insecure transport prohibited 3159', needles: ['insecure transport are prohibited', 'error 3159', '(3159', '[3159]'], codes: ['account-requires-tls'], weight: 95 },
  { client: 'mysql-cli', pattern: 'auth requires secure connection 2061', needles: ['authentication requires secure connection'], codes: ['auth-needs-tls'], weight: 95 },
  { client: 'mysql-cli', pattern: 'access denied 1045', needles: ['access denied for user'], codes: ['account-requires-tls', 'login-refused'], weight: 25, fallback: true, misleading: ACCESS_DENIED },
  { client: 'mysql-cli', pattern: "can't connect 2003", needles: ["can't connect to mysql server on", "can't connect to server on", 'error 2003'], codes: ['unreachable'], weight: 30, fallback: true },
  { client: 'mysql-cli', pattern: 'TLS/SSL error: unsupported', needles: ['tls/ssl error: unsupported'], notFollowedBy: ['protocol'], codes: ['file-wrong-kind', 'file-der-encoded', 'key-encrypted'], weight: 50, note: 'OpenSSL could not decode a key or certificate file (wrong kind of object, DER, or encrypted).' },
  { client: 'mysql-cli', pattern: 'TLS/SSL error: processing error', needles: ['tls/ssl error: processing error'], codes: ['key-encrypted', 'file-wrong-kind'], weight: 45, note: 'MariaDB Connector/C prints this when the key could not be decrypted (no passphrase given at the prompt).' },
  { client: 'mysql-cli', pattern: 'connection refused', needles: ['connection refused', '(111)', '(115)', 'econnrefused'], codes: ['unreachable'], weight: 90 },
  { client: 'mysql-cli', pattern: 'unknown host', needles: ['unknown mysql server host', 'unknown server host', 'name or service not known', 'enotfound', 'no such host', 'getaddrinfo'], codes: ['unreachable'], weight: 90 },
  { client: 'mysql-cli', pattern: 'connection timed out', needles: ['connection timed out', '(110)', 'etimedout', 'i/o timeout', 'ehostunreach', 'no route to host'], codes: ['unreachable'], weight: 70 },
  { client: 'mysql-cli', pattern: 'host not allowed 1130', needles: ['is not allowed to connect to this', 'is blocked because of many connection errors', 'too many connections'], codes: ['server-refused'], weight: 90 },
  {
    client: 'mysql-cli', pattern: 'lost connection sending authentication', needles: ["lost connection to server at 'sending authentication information'", "lost connection to mysql server at 'sending authentication information'"],
    codes: ['client-cert-expired', 'ca-untrusted'], weight: 30, misleading: TLS13_CLIENT_CERT,
    note: 'If a client certificate is configured, check its dates and that the server ssl_ca issued it: `openssl x509 -in client-cert.pem -noout -dates -issuer`.',
  },
  { client: 'mysql-cli', pattern: 'server has gone away 2006', needles: ['mysql server has gone away', 'server has gone away'], codes: ['server-tls-disabled', 'tls-handshake-failed'], weight: 15, fallback: true, misleading: GONE_AWAY },
  { client: 'mysql-cli', pattern: 'lost connection 2013', needles: ['lost connection to mysql server at', 'lost connection to server at'], codes: [], weight: 10 },
];
