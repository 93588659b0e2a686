import type { Connection } from '../model/connection';
import { MODE_BEHAVIOUR, TLS12_13, caPathFor, result, versionsOf, withExplicitVerify } from './common';
import type { EffectiveTls, TlsBehaviour } from './types';

/**
 * MySQL Connector/J 8+: sslMode defaults to PREFERRED; the legacy useSSL / requireSSL /
 * verifyServerCertificate are translated into sslMode when sslMode is absent (the dialect
 * reader does that translation). Trust comes from trustCertificateKeyStoreUrl or the JVM's.
 */
export function connectorJTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  if (tls.mode === undefined) {
    notes.push('No sslMode: Connector/J 8.0.13+ defaults to PREFERRED (TLS if offered, no certificate check, plaintext fallback).');
  }
  const b = legacyVerifyDefault(conn, withExplicitVerify(MODE_BEHAVIOUR[tls.mode ?? 'PREFERRED'], tls, notes), notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, 'Connector/J 8.0.28+ offers', notes),
    caSource: javaCaSource(conn, notes),
    notes,
    secureSetting:
      'sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/path/to/truststore.jks' +
      '&trustCertificateKeyStorePassword=... (import the CA with keytool -importcert)',
  });
}

/**
 * Connector/J 5.1: `verifyServerCertificate` defaulted to true once `useSSL=true` was written (8.0
 * turned that default off), so useSSL=true alone checks the chain against the trust store.
 */
function legacyVerifyDefault(conn: Connection, b: TlsBehaviour, notes: string[]): TlsBehaviour {
  const major = conn.driverVersion ? Number(/(\d+)\./.exec(conn.driverVersion)?.[1]) : NaN;
  const useSsl = conn.params.mode?.key.toLowerCase() === 'usessl';
  if (!(major < 8) || !useSsl || conn.tls.verifyServerCert !== undefined || b.useTls === 'never') return b;
  notes.push(`Connector/J ${conn.driverVersion} with useSSL=true: verifyServerCertificate defaults to true, so the chain is checked against the trust store.`);
  return { ...b, verifyChain: true };
}

/**
 * MariaDB Connector/J 3: sslMode=disable by default; trust (TLS, no check), verify-ca,
 * verify-full. It has no PREFERRED: once TLS is asked for, there is no plaintext fallback.
 */
export function mariadbJavaTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  if (tls.mode === undefined) {
    notes.push('No sslMode: MariaDB Connector/J 3 defaults to disable (no TLS).');
  }
  let base = MODE_BEHAVIOUR[tls.mode ?? 'DISABLED'];
  if (tls.mode === 'PREFERRED') {
    notes.push('MariaDB Connector/J has no PREFERRED mode: TLS is treated as required (sslMode=trust).');
    base = MODE_BEHAVIOUR.REQUIRED;
  }
  const b = withExplicitVerify(base, tls, notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, "the JVM's default protocols (current JDKs disable TLSv1/TLSv1.1)", notes),
    caSource: javaCaSource(conn, notes),
    notes,
    secureSetting: `sslMode=verify-full&serverSslCert=${caPathFor(tls)}`,
  });
}

function javaCaSource(conn: Connection, notes: string[]): EffectiveTls['caSource'] {
  if (conn.tls.trustStore !== undefined) return 'truststore';
  if (conn.tls.ca !== undefined) return 'file';
  notes.push("No trust store given: the JVM's default trust store (cacerts) decides which CAs are trusted.");
  return 'system';
}
