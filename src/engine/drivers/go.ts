import type { Connection } from '../model/connection';
import { TLS12_13, result, versionsOf } from './common';
import type { EffectiveTls, TlsBehaviour } from './types';

/**
 * go-sql-driver/mysql: no TLS unless the DSN has tls=. tls=true verifies the chain against the
 * system roots and the host name; skip-verify encrypts without checks; preferred is TLS if
 * offered without checks; any other name is a tls.Config registered with RegisterTLSConfig.
 */
export function goTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  const b = behaviour(conn, notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, "Go 1.18+'s crypto/tls client default (MinVersion TLS 1.2)", notes),
    caSource: tls.profile !== undefined ? 'profile' : tls.ca !== undefined ? 'file' : 'system',
    notes,
    secureSetting:
      'tls=true (server certificate from a public CA), or tls=custom after mysql.RegisterTLSConfig("custom", ' +
      '&tls.Config{RootCAs: pool, ServerName: host}) with ca.pem added to pool',
  });
}

function behaviour(conn: Connection, notes: string[]): TlsBehaviour {
  const { mode, profile, verifyServerCert, verifyIdentity } = conn.tls;
  if (mode === 'DISABLED') return { useTls: 'never', verifyChain: false, verifyHostname: false };
  const registered = conn.origins?.profile;
  if (registered) {
    notes.push(
      `tls= names ${registered}: its RootCAs, Certificates, InsecureSkipVerify, versions and cipher suites are read from the code; ` +
        'without InsecureSkipVerify Go checks the chain and the host name of the DSN.',
    );
  }
  if (mode === 'PREFERRED') {
    notes.push('tls=preferred: TLS if the server offers it, without any certificate check, else plaintext.');
    return { useTls: 'if-offered', verifyChain: false, verifyHostname: false };
  }
  if (verifyServerCert === false) {
    notes.push('tls=skip-verify: encrypted, but any certificate is accepted.');
    return { useTls: 'required', verifyChain: false, verifyHostname: false };
  }
  if (mode === undefined && profile === undefined && verifyServerCert === undefined) {
    notes.push('Go DSN without tls=: go-sql-driver/mysql does not use TLS.');
    return { useTls: 'never', verifyChain: false, verifyHostname: false };
  }
  if (profile !== undefined) {
    notes.push(
      `tls=${profile}: a tls.Config registered in code; assumed Go's default checks (chain and host name) ` +
        'unless it sets InsecureSkipVerify.',
    );
  }
  // Go has no "encrypt without checking" besides skip-verify: tls=true checks chain and host name.
  return { useTls: 'required', verifyChain: true, verifyHostname: verifyIdentity !== false && mode !== 'VERIFY_CA' };
}
