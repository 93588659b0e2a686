import type { Rule } from './match';

/* Node.js (its own tls codes), mysql2, and Electron's BoringSSL spellings (VS Code's own Node). */

const HANDSHAKE_SSL_ERROR =
  "mysql2 replaces Node's own TLS error code (CERT_HAS_EXPIRED, ERR_SSL_..., the alert) with HANDSHAKE_SSL_ERROR: only the message text says what failed, so match on err.message, not err.code.";

const BORING_WRONG_VERSION =
  "Electron/VS Code uses BoringSSL, which spells errors OPENSSL_internal:UPPER_CASE: WRONG_VERSION_NUMBER there, as in OpenSSL, means the reply was not TLS (usually a server without TLS), not necessarily a TLS version problem.";

export const nodeRules: Rule[] = [
  { client: 'mysql2', pattern: 'HANDSHAKE_SSL_ERROR', needles: ['handshake ssl error'], codes: [], weight: 10, misleading: HANDSHAKE_SSL_ERROR },
  { client: 'mysql2', pattern: 'HANDSHAKE_NO_SSL_SUPPORT', needles: ['handshake no ssl support', 'server does not support secure connection'], codes: ['server-tls-disabled'], weight: 100 },
  {
    client: 'node', pattern: 'ERR_TLS_CERT_ALTNAME_INVALID', weight: 95, codes: ['hostname-mismatch'],
    needles: ['err tls cert altname invalid', "does not match certificate's altnames", "is not in the cert's altnames", "is not in the cert's list", 'cert does not contain a dns name', 'cert is empty'],
  },
  { client: 'node', pattern: 'CERT_HAS_EXPIRED', needles: ['cert has expired'], codes: ['cert-expired'], weight: 95 },
  { client: 'node', pattern: 'CERT_NOT_YET_VALID', needles: ['cert not yet valid'], codes: ['cert-not-yet-valid'], weight: 95 },
  { client: 'node', pattern: 'UNABLE_TO_GET_ISSUER_CERT', needles: ['unable to get issuer cert'], notFollowedBy: ['locally', 'ificate'], codes: ['intermediate-missing', 'ca-untrusted'], weight: 75 },
  { client: 'node', pattern: 'EPROTO', needles: ['eproto'], codes: [], weight: 10 },
  {
    client: 'node', pattern: 'socket disconnected before TLS', needles: ['client network socket disconnected before secure tls connection was established'],
    codes: ['tls-version-mismatch', 'cipher-mismatch'], weight: 25, note: 'The server closed the connection during the handshake without saying why.',
  },
  { client: 'node', pattern: 'ECONNRESET', needles: ['econnreset', 'socket hang up'], codes: [], weight: 10 },
  { client: 'node', pattern: 'connect ENOENT socket', needles: ['connect enoent'], codes: ['unreachable'], weight: 85, note: 'The Unix socket path does not exist: the server is not running or uses another socket.' },
  {
    client: 'node', pattern: 'ER_NOT_SUPPORTED_AUTH_MODE (mysqljs)', weight: 90, codes: ['auth-needs-tls'],
    needles: ['er not supported auth mode', 'client does not support authentication protocol requested by server', 'unsupported auth method'],
    note: "mysql (mysqljs) speaks only mysql_native_password: an account on caching_sha2_password (MySQL 8's default) refuses it with or without TLS. Use mysql2, or give the account mysql_native_password.",
  },
  { client: 'mysql2', pattern: 'PROTOCOL_CONNECTION_LOST', needles: ['protocol connection lost', 'connection lost: the server closed the connection'], codes: [], weight: 10 },
  { client: 'boringssl', pattern: 'BoringSSL error', needles: ['openssl internal:'], codes: [], weight: 10 },
  { client: 'boringssl', pattern: 'BoringSSL WRONG_VERSION_NUMBER', needles: ['openssl internal:wrong version number'], codes: ['server-tls-disabled', 'tls-version-mismatch'], weight: 50, misleading: BORING_WRONG_VERSION },
  { client: 'boringssl', pattern: 'BoringSSL no shared group', needles: ['openssl internal:no shared group', 'handshake failure on client hello'], codes: ['cipher-mismatch', 'tls-version-mismatch'], weight: 55 },
];
