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
 * Versions before 3 read other options (mariadbJava2Tls).
 */
export function mariadbJavaTls(conn: Connection): EffectiveTls {
  if (majorVersion(conn) < 3) return mariadbJava2Tls(conn);
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

/**
 * MariaDB Connector/J 1.x/2.x, read in 2.7's DefaultOptions and AbstractConnectProtocol: TLS only
 * with useSsl=true (alias useSSL), then required ("ssl not enabled in the server" otherwise); the
 * chain is checked against serverSslCert / trustStore / the JVM's cacerts unless
 * trustServerCertificate=true, and the host name too unless disableSslHostnameVerification=true.
 * Unknown options are ignored without a word, and sslMode only came with 3.0: written for a 2.x
 * driver it changes nothing, so there is no TLS at all.
 */
function mariadbJava2Tls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  const version = conn.driverVersion ?? '2.x';
  const key = conn.params.mode?.key;
  let b: TlsBehaviour;
  if (key !== undefined && key.toLowerCase() === 'sslmode') {
    notes.push(`MariaDB Connector/J ${version} does not read ${key} (it came with 3.0) and ignores it: without useSsl=true it uses no TLS at all.`);
    b = NO_TLS;
  } else if (tls.mode === undefined || tls.mode === 'DISABLED') {
    if (tls.mode === undefined) notes.push(`No useSsl=true: MariaDB Connector/J ${version} uses no TLS.`);
    b = NO_TLS;
  } else {
    const verifyChain = tls.verifyServerCert !== false;
    if (!verifyChain) notes.push('trustServerCertificate=true: encrypted, but any certificate and name are accepted.');
    const verifyHostname = verifyChain && tls.mode !== 'VERIFY_CA';
    if (verifyChain && !verifyHostname) notes.push('disableSslHostnameVerification=true: the chain is checked, the host name is not.');
    b = { useTls: 'required', verifyChain, verifyHostname };
  }
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, "the JVM's default protocols (current JDKs disable TLSv1/TLSv1.1)", notes),
    caSource: javaCaSource(conn, notes),
    notes,
    secureSetting: `useSsl=true&serverSslCert=${caPathFor(tls)} (MariaDB Connector/J 2.x; sslMode is 3.x's)`,
  });
}

const NO_TLS: TlsBehaviour = { useTls: 'never', verifyChain: false, verifyHostname: false };

/** The driver's major version, NaN when unknown (then the current major's defaults apply). */
function majorVersion(conn: Connection): number {
  return conn.driverVersion ? Number(/^\s*(\d+)/.exec(conn.driverVersion)?.[1]) : NaN;
}

function javaCaSource(conn: Connection, notes: string[]): EffectiveTls['caSource'] {
  if (conn.tls.trustStore !== undefined) return 'truststore';
  if (conn.tls.ca !== undefined) return 'file';
  notes.push("No trust store given: the JVM's default trust store (cacerts) decides which CAs are trusted.");
  return 'system';
}
