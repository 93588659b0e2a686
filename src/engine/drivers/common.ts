import type { Connection, SslMode, TlsSettings, TlsVersion } from '../model/connection';
import type { EffectiveTls, TlsBehaviour } from './types';

/** What each standard ssl-mode means (MySQL's definitions, which most drivers copy). */
export const MODE_BEHAVIOUR: Readonly<Record<SslMode, TlsBehaviour>> = {
  DISABLED: { useTls: 'never', verifyChain: false, verifyHostname: false },
  PREFERRED: { useTls: 'if-offered', verifyChain: false, verifyHostname: false },
  REQUIRED: { useTls: 'required', verifyChain: false, verifyHostname: false },
  VERIFY_CA: { useTls: 'required', verifyChain: true, verifyHostname: false },
  VERIFY_IDENTITY: { useTls: 'required', verifyChain: true, verifyHostname: true },
};

export const TLS12_13: readonly TlsVersion[] = ['TLSv1.2', 'TLSv1.3'];

/** The mode that names a behaviour; PREFERRED covers any "TLS if offered" whatever it checks. */
export function modeOf(b: TlsBehaviour): SslMode {
  if (b.useTls === 'never') return 'DISABLED';
  if (b.useTls === 'if-offered') return 'PREFERRED';
  if (!b.verifyChain) return 'REQUIRED';
  return b.verifyHostname ? 'VERIFY_IDENTITY' : 'VERIFY_CA';
}

/**
 * Applies explicit verify switches (rejectUnauthorized, verifyServerCertificate, skip-verify,
 * ssl_verify_identity...) on top of what the mode gave. A host-name check implies a chain check.
 */
export function withExplicitVerify(b: TlsBehaviour, tls: TlsSettings, notes: string[]): TlsBehaviour {
  const out = { ...b };
  if (tls.verifyServerCert === false) {
    out.verifyChain = false;
    out.verifyHostname = false;
    notes.push('Certificate verification is switched off explicitly: any certificate is accepted.');
  } else if (tls.verifyServerCert === true) {
    out.verifyChain = true;
  }
  if (tls.verifyIdentity === true && tls.verifyServerCert !== false) {
    out.verifyChain = true;
    out.verifyHostname = true;
  } else if (tls.verifyIdentity === false) {
    out.verifyHostname = false;
  }
  if (out.useTls === 'never') return { useTls: 'never', verifyChain: false, verifyHostname: false };
  return out;
}

/** The versions written, else the driver's default (noted). */
export function versionsOf(tls: TlsSettings, fallback: readonly TlsVersion[], why: string, notes: string[]): TlsVersion[] {
  if (tls.tlsVersions && tls.tlsVersions.length > 0) return [...tls.tlsVersions];
  notes.push(`No TLS version set: ${why} (${fallback.join(', ')}).`);
  return [...fallback];
}

/** True when any TLS parameter other than the mode is written. */
export function hasTlsDetail(tls: TlsSettings): boolean {
  return (
    tls.verifyServerCert !== undefined ||
    tls.verifyIdentity !== undefined ||
    tls.ca !== undefined ||
    tls.capath !== undefined ||
    tls.cert !== undefined ||
    tls.key !== undefined ||
    tls.cipher !== undefined ||
    tls.ciphersuites !== undefined ||
    (tls.tlsVersions !== undefined && tls.tlsVersions.length > 0) ||
    tls.profile !== undefined ||
    tls.trustStore !== undefined
  );
}

/** The CA path to show in a suggested setting: the configured one, or a placeholder. */
export function caPathFor(tls: TlsSettings): string {
  return tls.ca ?? '/path/to/ca.pem';
}

/** Assembles the result; `mode` always names the final behaviour. */
export function result(
  conn: Connection,
  b: TlsBehaviour,
  parts: { versions: TlsVersion[]; caSource: EffectiveTls['caSource']; notes: string[]; secureSetting: string },
): EffectiveTls {
  const eff: EffectiveTls = {
    driver: conn.driver,
    mode: modeOf(b),
    useTls: b.useTls,
    verifyChain: b.verifyChain,
    verifyHostname: b.verifyHostname,
    versions: parts.versions,
    caSource: b.useTls === 'never' ? 'none' : parts.caSource,
    notes: parts.notes,
    secureSetting: parts.secureSetting,
  };
  if (conn.tls.cipher !== undefined) eff.ciphers = conn.tls.cipher;
  if (conn.tls.ciphersuites !== undefined) eff.ciphersuites = conn.tls.ciphersuites;
  if (conn.socket) {
    eff.notes.push('The connection uses a Unix socket: the client does not use TLS over it, only over TCP.');
  }
  return eff;
}
