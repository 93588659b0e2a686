import { driverName, type EffectiveTls } from '../drivers/effective';
import { finding, type Finding, type Fix } from '../model/finding';

export const ENABLE_TLS_ON_SERVER: Fix = {
  kind: 'server-change',
  title: 'Turn TLS on in the server (certificate and key in [mysqld], then restart)',
  preferred: true,
  commands: [
    '# my.cnf, [mysqld] group; `mysql-tls-doctor certs --host <host> --out DIR` makes a development set',
    'ssl_ca   = /etc/mysql/tls/ca.pem',
    'ssl_cert = /etc/mysql/tls/server-cert.pem',
    'ssl_key  = /etc/mysql/tls/server-key.pem',
    '# remove skip-ssl / ssl=0 if present, restart the server, then check:',
    "SHOW VARIABLES LIKE 'have_ssl';   -- YES",
  ],
};

/** The server's greeting has no CLIENT_SSL: what that means for this client. */
export function serverWithoutTls(eff: EffectiveTls, serverVersion: string | undefined): Finding[] {
  const evidence = { clientSslCapability: false, serverVersion, clientMode: eff.mode };
  if (eff.useTls === 'required') {
    return [
      finding(
        'server-tls-disabled',
        'The client requires TLS, but the server has TLS turned off',
        `The server's greeting does not offer CLIENT_SSL (have_ssl is DISABLED or the server was built or started without TLS). ` +
          `${eff.driver === 'unknown' ? 'The client' : 'This client'} uses ssl-mode ${eff.mode}, so it stops with ` +
          '"SSL connection error: SSL is required but the server doesn\'t support it" (ERROR 2026). ' +
          'Fix the server; turning TLS off in the client sends the password and all data in clear.',
        evidence,
        [
          ENABLE_TLS_ON_SERVER,
          {
            kind: 'set-ssl-mode',
            title: 'Connect without TLS (ssl-mode=DISABLED): gives up encryption; password and data cross the network in clear',
            mode: 'DISABLED',
          },
        ],
        'mode',
      ),
    ];
  }
  if (eff.useTls === 'if-offered') {
    return [
      finding(
        'plaintext-fallback',
        'The server offers no TLS, so this client silently connects in plaintext',
        `The greeting lacks CLIENT_SSL and the client's mode (${eff.mode}) falls back to an unencrypted connection without an error. ` +
          'Enable TLS on the server, then require it in the client so a server without TLS is refused instead of trusted.',
        evidence,
        [ENABLE_TLS_ON_SERVER, { kind: 'set-ssl-mode', title: 'Require a verified TLS connection (ssl-mode=VERIFY_IDENTITY)', mode: 'VERIFY_IDENTITY' }],
        'mode',
      ),
    ];
  }
  return [];
}

/**
 * TLS is possible but this client's own settings turn it off: plaintext by choice, which is not
 * `verification-disabled` (that one is TLS without checking the server). `serverHandshakeFails`:
 * the server announces TLS but no handshake completes; this client connects anyway (it never tries
 * TLS), but turning TLS on would break it until the server is fixed.
 */
export function clientWithoutTls(eff: EffectiveTls, serverHandshakeFails?: { reason?: string }): Finding[] {
  if (eff.useTls !== 'never') return [];
  if (serverHandshakeFails) return [plaintextBesideBrokenTls(eff, serverHandshakeFails.reason)];
  return [
    finding(
      'tls-not-used',
      'This connection does not use TLS although the server offers it',
      `With these settings ${driverName(eff.driver)} (effective mode ${eff.mode}) connects in plaintext: the password and data cross the network in clear, ` +
        `and nothing proves the server is the right one. Require a verified TLS connection. ${secureSetting(eff)}`,
      { clientMode: eff.mode, serverOffersTls: true, notes: eff.notes },
      [{ kind: 'set-ssl-mode', title: 'Require a verified TLS connection (ssl-mode=VERIFY_IDENTITY)', mode: 'VERIFY_IDENTITY', preferred: true }],
      'mode',
    ),
  ];
}

/** Plaintext by choice, and TLS could not be turned on today: the server's own handshake fails. */
function plaintextBesideBrokenTls(eff: EffectiveTls, reason: string | undefined): Finding {
  return finding(
    'tls-not-used',
    'This connection does not use TLS; the server announces TLS, but its TLS handshake fails',
    `With these settings ${driverName(eff.driver)} (effective mode ${eff.mode}) never attempts TLS, so it connects in plaintext and is not stopped by the server's broken TLS: ` +
      'the password and data cross the network in clear, and nothing proves the server is the right one. ' +
      `The server announces TLS (CLIENT_SSL in its greeting), but every handshake attempt (TLS 1.0 to 1.3) ended without a ServerHello${reason ? ` (${reason})` : ''}, ` +
      "so turning TLS on in this client would fail today: fix the server's TLS first (its error log, an unreadable ssl_key or ssl_cert, a proxy cutting the connection), " +
      `then require a verified TLS connection. ${secureSetting(eff)}`,
    { clientMode: eff.mode, serverOffersTls: true, serverHandshakeWorks: false, reason, notes: eff.notes },
    [
      { kind: 'server-change', title: "Fix the server's TLS setup first (check its error log and TLS variables)", preferred: true, commands: ["SHOW VARIABLES LIKE 'have_ssl';", "SHOW VARIABLES LIKE 'ssl_%';"] },
      { kind: 'set-ssl-mode', title: 'Then require a verified TLS connection (ssl-mode=VERIFY_IDENTITY); fails until the server is fixed', mode: 'VERIFY_IDENTITY' },
    ],
    'mode',
  );
}

function secureSetting(eff: EffectiveTls): string {
  return `With ${driverName(eff.driver)}: ${eff.secureSetting.replace(/\.$/, '')}.`;
}

/**
 * The connection goes over a Unix socket (no host, or "localhost" for a client that takes it to mean
 * the socket): nothing crosses the network, so nothing is probed.
 */
export function overLocalSocket(socket: string, eff: EffectiveTls, host?: string): Finding {
  const toTcp = host
    ? `${driverName(eff.driver)} takes the host ${host} to mean this socket: give 127.0.0.1 as the host (or protocol=TCP) to use TCP and diagnose that.`
    : 'give a host name instead of the socket to diagnose that.';
  return finding(
    'local-socket',
    `Connects over the local socket ${socket}: no TLS there, nothing was probed`,
    'A Unix socket never leaves this machine, so clients do not use TLS over it and servers count it as secure transport ' +
      '(require_secure_transport accepts it; an account with REQUIRE SSL or X509 may still refuse it). No server was contacted; the local CA, certificate and key files were still checked. ' +
      `The TLS settings (effective mode ${eff.mode}) matter only when this connection goes over TCP: ${toTcp}`,
    { socket, clientMode: eff.mode },
  );
}

/**
 * The client goes to a Unix socket (given, or its default for "localhost") and nothing is there:
 * it fails with error 2002 before any TLS, whatever the port and TLS settings say.
 */
export function noServerOnSocket(socket: string, eff: EffectiveTls, host: string | undefined, port: number): Finding {
  const written = host ? `the host ${host}` : 'no host';
  return finding(
    'unreachable',
    `No server listens on the local socket ${socket}`,
    `${driverName(eff.driver)} takes ${written} to mean a Unix socket, not TCP, so the port ${port} is not used: it connects to ${socket}, ` +
      `and nothing listens there (ERROR 2002 "Can't connect to local server through socket"). No TLS is involved. ` +
      `Give 127.0.0.1 as the host to reach the server over TCP on port ${port}, or the socket the server really uses.`,
    { socket, host, port },
    [{ kind: 'set-host', title: `Use host 127.0.0.1 (TCP on port ${port})`, host: '127.0.0.1', preferred: true }],
  );
}

/**
 * The greeting offers CLIENT_SSL, yet no ClientHello of any version got a ServerHello: a broken
 * TLS setup on the server (unreadable key, a proxy cutting the connection) rather than a mismatch.
 */
export function handshakeNeverCompletes(reason: string | undefined, notes: string[]): Finding[] {
  return [
    finding(
      'tls-handshake-failed',
      'The server announces TLS, but no TLS handshake completes',
      'The greeting offers CLIENT_SSL, but every handshake attempt (TLS 1.0 to 1.3) ended without a ServerHello' +
        `${reason ? ` (${reason})` : ''}. Check the server's error log for TLS errors (an unreadable ssl_key, a certificate ` +
        'it cannot load) and any proxy or load balancer between the client and the server.',
      { reason, notes },
      [{ kind: 'server-change', title: "Check the server's TLS setup and error log", preferred: true, commands: ["SHOW VARIABLES LIKE 'have_ssl';", "SHOW VARIABLES LIKE 'ssl_%';"] }],
    ),
  ];
}
