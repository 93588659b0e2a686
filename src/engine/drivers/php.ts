import type { Connection } from '../model/connection';
import { MODE_BEHAVIOUR, TLS12_13, caPathFor, result, versionsOf } from './common';
import type { EffectiveTls, TlsBehaviour } from './types';

/**
 * PHP PDO_MYSQL (mysqlnd), as Laravel uses it: TLS only when an SSL attribute is set
 * (MYSQL_ATTR_SSL_CA, _CERT, _KEY, _CAPATH, _CIPHER); then mysqlnd verifies the peer and its
 * name unless MYSQL_ATTR_SSL_VERIFY_SERVER_CERT is false (see mysqlndBehaviour).
 */
export function phpPdoTls(conn: Connection): EffectiveTls {
  return mysqlndTls(conn, 'pdo');
}

/**
 * PHP mysqli (mysqlnd): TLS with `ssl_set()` or the MYSQLI_CLIENT_SSL flag of `real_connect`.
 * MYSQLI_CLIENT_SSL alone, with nothing set by ssl_set, encrypts without any check (mysqlnd's
 * default action applies only when a key, certificate, CA, CA path or cipher is given);
 * MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT turns the check off; MYSQLI_OPT_SSL_VERIFY_SERVER_CERT is overridden by those flags.
 */
export function phpMysqliTls(conn: Connection): EffectiveTls {
  return mysqlndTls(conn, 'mysqli');
}

function mysqlndTls(conn: Connection, api: 'pdo' | 'mysqli'): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  const b = mysqlndBehaviour(conn, api, notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, "PHP's OpenSSL streams with OpenSSL 3 offer", notes),
    caSource: tls.ca !== undefined || tls.capath !== undefined ? 'file' : 'system',
    notes,
    secureSetting:
      api === 'pdo'
        ? `PDO::MYSQL_ATTR_SSL_CA => '${caPathFor(tls)}' (Laravel: MYSQL_ATTR_SSL_CA=${caPathFor(tls)} in .env); ` +
          'leave PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT unset or true'
        : `$db->ssl_set(null, null, '${caPathFor(tls)}', null, null); $db->real_connect(..., MYSQLI_CLIENT_SSL) ` +
          '(without MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT)',
  });
}

/**
 * mysqlnd (ext/mysqlnd/mysqlnd_vio.c, enable_ssl; measured with PHP 8.2 against the lab): TLS when
 * a key, certificate, CA, CA path or cipher is set (ssl_set / the PDO attributes), or, for mysqli,
 * with the MYSQLI_CLIENT_SSL flag. With any of those files or a cipher the peer and its name are
 * verified unless MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT / PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT
 * false says otherwise; with the flag alone nothing is checked. The verify option does not turn TLS
 * on by itself (PDO with only MYSQL_ATTR_SSL_VERIFY_SERVER_CERT connects in plaintext), and mysqli's
 * MYSQLI_OPT_SSL_VERIFY_SERVER_CERT is overridden by real_connect's flags (true checks nothing
 * without a CA; false does not stop the check a CA brings).
 */
function mysqlndBehaviour(conn: Connection, api: 'pdo' | 'mysqli', notes: string[]): TlsBehaviour {
  const tls = conn.tls;
  if (tls.mode === 'DISABLED') return MODE_BEHAVIOUR.DISABLED;
  const anyFile = tls.ca !== undefined || tls.capath !== undefined || tls.cert !== undefined || tls.key !== undefined ||
    tls.cipher !== undefined || tls.keyPassphrase === true;
  const asked = anyFile || tls.mode === 'REQUIRED' || tls.mode === 'VERIFY_CA' || tls.mode === 'VERIFY_IDENTITY';
  if (!asked) {
    notes.push(
      api === 'pdo'
        ? 'No PDO::MYSQL_ATTR_SSL_KEY/_CERT/_CA/_CAPATH/_CIPHER (e.g. MYSQL_ATTR_SSL_CA empty): PDO does not use TLS.'
        : 'Neither ssl_set() nor MYSQLI_CLIENT_SSL: mysqli does not use TLS.',
    );
    if (tls.verifyServerCert !== undefined) {
      notes.push(`${api === 'pdo' ? 'PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT' : 'MYSQLI_OPT_SSL_VERIFY_SERVER_CERT'} alone does not turn TLS on: the connection is plaintext.`);
    }
    return MODE_BEHAVIOUR.DISABLED;
  }
  const optionName = api === 'pdo' ? 'PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT false' : 'MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT';
  if (tls.verifyServerCert === false) {
    notes.push(`${optionName}: encrypted, but any certificate and name are accepted.`);
    return MODE_BEHAVIOUR.REQUIRED;
  }
  const verify = anyFile || tls.mode === 'VERIFY_CA' || tls.mode === 'VERIFY_IDENTITY';
  if (!verify) {
    notes.push(
      tls.verifyServerCert === true && api === 'mysqli'
        ? 'MYSQLI_CLIENT_SSL with MYSQLI_OPT_SSL_VERIFY_SERVER_CERT but no CA: real_connect\'s flags override the option, and mysqlnd checks neither the certificate nor the name.'
        : 'TLS asked for with no key, certificate, CA or cipher set: mysqlnd then checks neither the certificate nor the name.',
    );
    return MODE_BEHAVIOUR.REQUIRED;
  }
  if (tls.verifyServerCert === undefined) {
    notes.push('A CA, certificate, key or cipher is set and no verify option: mysqlnd verifies the certificate and the host name.');
  }
  return { useTls: 'required', verifyChain: true, verifyHostname: tls.verifyIdentity !== false };
}
