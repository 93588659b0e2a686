import type { Connection } from '../model/connection';
import { MODE_BEHAVIOUR, TLS12_13, caPathFor, result, versionsOf, withExplicitVerify } from './common';
import type { EffectiveTls } from './types';

/**
 * sqlx (Rust, MySQL): `ssl-mode` DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY, default
 * PREFERRED. Its TLS upgrade accepts invalid certificates unless the mode is VERIFY_CA or
 * VERIFY_IDENTITY and invalid host names unless VERIFY_IDENTITY; PREFERRED goes on in plaintext
 * when the server offers no TLS. Documented (sqlx-mysql's connection/tls.rs), not measured here.
 */
export function sqlxTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  if (tls.mode === undefined) {
    notes.push('No ssl-mode: sqlx defaults to PREFERRED (TLS if the server offers it, no certificate check, plaintext fallback).');
  }
  const b = withExplicitVerify(MODE_BEHAVIOUR[tls.mode ?? 'PREFERRED'], tls, notes);
  if (b.useTls !== 'never' && !b.verifyChain) {
    notes.push('sqlx checks the certificate only with ssl-mode VERIFY_CA or VERIFY_IDENTITY; ssl-ca alone does not turn the check on.');
  }
  const caSource: EffectiveTls['caSource'] = tls.ca !== undefined ? 'file' : b.verifyChain ? 'system' : 'none';
  if (b.verifyChain && tls.ca === undefined) {
    notes.push("No ssl-ca: sqlx checks against its TLS backend's roots (rustls: webpki or native roots; native-tls: the OS store).");
  }
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, 'rustls offers only TLS 1.2 and 1.3 (native-tls: the OS default)', notes),
    caSource,
    notes,
    secureSetting: `ssl-mode=VERIFY_IDENTITY&ssl-ca=${caPathFor(tls)}`,
  });
}
