import type { Connection } from '../model/connection';
import { MODE_BEHAVIOUR, TLS12_13, caPathFor, hasTlsDetail, result, versionsOf } from './common';
import type { EffectiveTls, TlsBehaviour } from './types';

/**
 * PHP PDO_MYSQL (mysqlnd), as Laravel uses it: TLS only when an SSL attribute is set
 * (MYSQL_ATTR_SSL_CA, _CERT, _KEY, _CAPATH, _CIPHER). mysqlnd then verifies the peer and
 * its name by default (MYSQLND_SSL_PEER_DEFAULT_ACTION is VERIFY) unless
 * MYSQL_ATTR_SSL_VERIFY_SERVER_CERT is false.
 */
export function phpPdoTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  const b = behaviour(conn, notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, "PHP's OpenSSL streams with OpenSSL 3 offer", notes),
    caSource: tls.ca !== undefined || tls.capath !== undefined ? 'file' : 'system',
    notes,
    secureSetting:
      `PDO::MYSQL_ATTR_SSL_CA => '${caPathFor(tls)}' (Laravel: MYSQL_ATTR_SSL_CA=${caPathFor(tls)} in .env); ` +
      'leave PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT unset or true',
  });
}

function behaviour(conn: Connection, notes: string[]): TlsBehaviour {
  const tls = conn.tls;
  if (tls.mode === 'DISABLED') return MODE_BEHAVIOUR.DISABLED;
  if (!hasTlsDetail(tls) && (tls.mode === undefined || tls.mode === 'PREFERRED')) {
    notes.push('No PDO::MYSQL_ATTR_SSL_* attribute (e.g. MYSQL_ATTR_SSL_CA empty): PDO does not use TLS.');
    return MODE_BEHAVIOUR.DISABLED;
  }
  if (tls.verifyServerCert === false) {
    notes.push('MYSQL_ATTR_SSL_VERIFY_SERVER_CERT=false: encrypted, but any certificate and name are accepted.');
    return MODE_BEHAVIOUR.REQUIRED;
  }
  if (tls.verifyServerCert === undefined) {
    notes.push('MYSQL_ATTR_SSL_VERIFY_SERVER_CERT not set: mysqlnd verifies the certificate and the host name by default.');
  }
  return { useTls: 'required', verifyChain: true, verifyHostname: tls.verifyIdentity !== false };
}
