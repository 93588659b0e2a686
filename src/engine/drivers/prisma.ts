import type { Connection } from '../model/connection';
import { MODE_BEHAVIOUR, TLS12_13, result, versionsOf } from './common';
import type { EffectiveTls, TlsBehaviour } from './types';

/**
 * Prisma's MySQL connector: sslmode=prefer by default and sslaccept=accept_invalid_certs by
 * default, so out of the box it encrypts when offered but accepts any certificate.
 * sslaccept=strict checks the chain and the host name.
 */
export function prismaTls(conn: Connection): EffectiveTls {
  const tls = conn.tls;
  const notes: string[] = [];
  if (tls.mode === undefined) notes.push('No sslmode: Prisma defaults to prefer (TLS if offered, else plaintext).');
  const b = behaviour(conn, notes);
  return result(conn, b, {
    versions: versionsOf(tls, TLS12_13, "Prisma's engine uses the platform TLS library; with OpenSSL 3 it offers", notes),
    caSource: tls.ca !== undefined ? 'file' : 'system',
    notes,
    secureSetting: `sslaccept=strict&sslcert=${tls.ca ?? 'ca.pem'} (sslcert is resolved relative to the prisma/ folder)`,
  });
}

function behaviour(conn: Connection, notes: string[]): TlsBehaviour {
  const tls = conn.tls;
  const mode = tls.mode ?? 'PREFERRED';
  const useTls = MODE_BEHAVIOUR[mode].useTls;
  if (useTls === 'never') return MODE_BEHAVIOUR.DISABLED;
  const strictByMode = mode === 'VERIFY_CA' || mode === 'VERIFY_IDENTITY';
  const verifyChain = tls.verifyServerCert ?? strictByMode;
  if (tls.verifyServerCert === undefined && !strictByMode) {
    notes.push('No sslaccept: Prisma defaults to accept_invalid_certs (any certificate is accepted, no host name check).');
  }
  const verifyHostname = verifyChain && tls.verifyIdentity !== false;
  return { useTls, verifyChain, verifyHostname };
}
