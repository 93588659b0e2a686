import type { Connection } from '../model/connection';
import { TLS12_13, caPathFor, result, versionsOf } from './common';
import { nodeCaSource, usesSsl } from './mysql2';
import type { EffectiveTls, TlsBehaviour } from './types';

const NEVER: TlsBehaviour = { useTls: 'never', verifyChain: false, verifyHostname: false };
const NODE_DEFAULT = "Node.js 20's default (tls.DEFAULT_MIN_VERSION TLSv1.2, max TLSv1.3)";

/**
 * mysql (mysqljs) 2.18, read from its lib/Connection.js and protocol/sequences/Handshake.js:
 * without `ssl` no TLS; with it TLS is required (HANDSHAKE_NO_SSL_SUPPORT otherwise) and
 * `rejectUnauthorized` defaults to true, but the socket is wrapped without a server name and only
 * `verifyError()` is consulted: the chain is checked, the host name never is. Only `ca`, `cert`,
 * `key`, `passphrase` and `ciphers` reach the TLS context: `minVersion`/`maxVersion` are not read.
 */
export function mysqljsTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  const b = mysqljsBehaviour(conn, notes);
  if (tls.tlsVersions && tls.tlsVersions.length > 0 && b.useTls !== 'never') {
    notes.push('mysql (mysqljs) passes no minVersion/maxVersion to Node: the TLS versions written are ignored.');
  }
  return result(conn, b, {
    versions: versionsOf({ ...tls, tlsVersions: undefined }, TLS12_13, NODE_DEFAULT, notes),
    caSource: nodeCaSource(tls, notes),
    notes,
    secureSetting:
      `ssl: { ca: fs.readFileSync('${caPathFor(tls)}') } (mysqljs checks the chain but never the host name; ` +
      'for a host-name check use mysql2 with verifyIdentity: true)',
  });
}

function mysqljsBehaviour(conn: Connection, notes: string[]): TlsBehaviour {
  const tls = conn.tls;
  if (tls.mode === 'DISABLED') return NEVER;
  if (!usesSsl(conn, notes, 'mysql (mysqljs)')) {
    notes.push('mysql (mysqljs) has no PREFERRED: without an `ssl` option it does not use TLS at all.');
    return NEVER;
  }
  const verifyChain = tls.verifyServerCert !== false;
  if (tls.verifyServerCert === false) notes.push('rejectUnauthorized: false: any certificate is accepted.');
  else if (tls.verifyServerCert === undefined) notes.push('rejectUnauthorized not set: mysqljs defaults it to true, so the chain is checked.');
  if (verifyChain) {
    notes.push(
      tls.verifyIdentity === true
        ? 'mysql (mysqljs) has no verifyIdentity: the option is ignored and no host name is checked.'
        : 'mysql (mysqljs) checks no host name: any name in a trusted certificate passes.',
    );
  }
  return { useTls: 'required', verifyChain, verifyHostname: false };
}

/**
 * MariaDB Connector/Node.js (npm mariadb) 3.x, read from lib/connection.js and
 * lib/cmd/handshake: without `ssl` no TLS; `ssl: true` or an object makes TLS required
 * (ER_SERVER_SSL_DISABLED otherwise), `rejectUnauthorized` defaults to true and the host name is
 * checked (tls.checkServerIdentity, or the `checkServerIdentity` given). Unlike mysql2 it reads
 * `ssl=true` in a URL and passes every ssl field (minVersion...) on to tls.connect.
 */
export function mariadbNodeTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  const b = mariadbNodeBehaviour(conn, notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, NODE_DEFAULT, notes),
    caSource: nodeCaSource(tls, notes),
    notes,
    secureSetting: `ssl: { ca: fs.readFileSync('${caPathFor(tls)}') } (rejectUnauthorized and the host-name check are on by default)`,
  });
}

function mariadbNodeBehaviour(conn: Connection, notes: string[]): TlsBehaviour {
  const tls = conn.tls;
  if (tls.mode === 'DISABLED') return NEVER;
  if (!usesSsl(conn, notes, 'MariaDB Connector/Node.js')) {
    notes.push('MariaDB Connector/Node.js uses TLS only with the ssl option (ssl: true or an object): without it, none.');
    return NEVER;
  }
  if (tls.verifyServerCert === false) {
    notes.push('rejectUnauthorized: false: encrypted, but any certificate and name are accepted.');
    return { useTls: 'required', verifyChain: false, verifyHostname: false };
  }
  notes.push(
    'A MariaDB 11.4.1+ server with a self-signed certificate is still accepted when a password is given and no ca: ' +
      'the server proves its certificate by a fingerprint hash in the OK packet (zero-configuration TLS).',
  );
  const verifyHostname = tls.verifyIdentity !== false;
  if (!verifyHostname) notes.push('A checkServerIdentity that accepts every name: the host name is not checked.');
  return { useTls: 'required', verifyChain: true, verifyHostname };
}
