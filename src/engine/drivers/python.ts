import type { Connection } from '../model/connection';
import { MODE_BEHAVIOUR, TLS12_13, caPathFor, hasTlsDetail, result, versionsOf } from './common';
import type { EffectiveTls, TlsBehaviour } from './types';

/**
 * PyMySQL: no TLS unless an ssl option is given, and then only if the server offers it. With `ssl={"ca": ...}` the chain and the host
 * name are checked (check_hostname defaults to true); without a CA nothing is checked. The
 * keyword form (ssl_ca=...) checks only with ssl_verify_cert / ssl_verify_identity.
 */
export function pymysqlTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  const b = pymysqlBehaviour(conn, notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, "Python's ssl module with OpenSSL 3 (PyMySQL asks for TLSv1+, OpenSSL refuses below 1.2)", notes),
    caSource: tls.ca !== undefined || tls.capath !== undefined ? 'file' : b.verifyChain ? 'system' : 'none',
    notes,
    secureSetting: `ssl={"ca": "${caPathFor(tls)}"} (or ssl_ca=..., ssl_verify_cert=True, ssl_verify_identity=True)`,
  });
}

function pymysqlBehaviour(conn: Connection, notes: string[]): TlsBehaviour {
  const tls = conn.tls;
  if (tls.mode === 'DISABLED' || (!hasTlsDetail(tls) && (tls.mode === undefined || tls.mode === 'PREFERRED'))) {
    notes.push('PyMySQL uses no TLS unless an ssl option (ssl=, ssl_ca=...) is given; it has no PREFERRED.');
    return MODE_BEHAVIOUR.DISABLED;
  }
  const hasCa = tls.ca !== undefined || tls.capath !== undefined;
  const verifyChain = tls.verifyServerCert ?? (hasCa || tls.mode === 'VERIFY_CA' || tls.mode === 'VERIFY_IDENTITY');
  if (tls.verifyServerCert === undefined && hasCa) {
    notes.push('A CA in the ssl dict makes PyMySQL check the chain; with the ssl_ca= keyword alone it checks only if ssl_verify_cert=True.');
  }
  if (!verifyChain) notes.push('No CA and no ssl_verify_cert: PyMySQL accepts any certificate.');
  const verifyHostname = verifyChain && hasCa && tls.verifyIdentity !== false && tls.mode !== 'VERIFY_CA';
  // Recorded on the lab (PyMySQL 1.0): with any ssl option, a server without TLS is used in plaintext, silently.
  notes.push('PyMySQL starts TLS only when the server offers it: against a server without TLS it connects in plaintext, silently, whatever ssl says.');
  return { useTls: 'if-offered', verifyChain, verifyHostname };
}

/**
 * MySQL Connector/Python: tries TLS by default and falls back to plaintext (like PREFERRED);
 * ssl_disabled=True turns it off; ssl_verify_cert and ssl_verify_identity default to False.
 */
export function connectorPythonTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  if (tls.mode === undefined) {
    notes.push('Connector/Python tries TLS by default and falls back to plaintext when the server offers none.');
  }
  const base = MODE_BEHAVIOUR[tls.mode ?? 'PREFERRED'];
  const verifyChain = base.useTls !== 'never' && (tls.verifyServerCert ?? base.verifyChain);
  const verifyHostname = verifyChain && (tls.verifyIdentity ?? base.verifyHostname);
  if (base.useTls !== 'never' && tls.verifyServerCert === undefined && !base.verifyChain) {
    notes.push('ssl_verify_cert defaults to False: the certificate is not checked.');
  }
  if (verifyChain && tls.ca === undefined) {
    notes.push('ssl_verify_cert=True checks against the ssl_ca file: set ssl_ca to the CA that issued the server certificate.');
  }
  const b: TlsBehaviour = { useTls: base.useTls, verifyChain, verifyHostname };
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, 'Connector/Python 8.0.28+ offers', notes),
    caSource: tls.ca !== undefined ? 'file' : 'none',
    notes,
    secureSetting: `ssl_ca="${caPathFor(tls)}", ssl_verify_cert=True, ssl_verify_identity=True`,
  });
}
