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
            givesUp: 'encryption: the password and every query cross the network in clear',
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

/** TLS is possible but this client will not use it. */
export function clientWithoutTls(eff: EffectiveTls): Finding[] {
  if (eff.useTls !== 'never') return [];
  return [
    finding(
      'verification-disabled',
      'This connection does not use TLS although the server offers it',
      `With these settings ${driverName(eff.driver)} (effective mode ${eff.mode}) connects in plaintext: the password and data cross the network in clear, ` +
        'and nothing proves the server is the right one. Require a verified TLS connection.',
      { clientMode: eff.mode, serverOffersTls: true },
      [{ kind: 'set-ssl-mode', title: 'Require a verified TLS connection (ssl-mode=VERIFY_IDENTITY)', mode: 'VERIFY_IDENTITY', preferred: true }],
      'mode',
    ),
  ];
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
