import { isLegacyTls, type SslMode } from '../model/connection';
import type { Fix } from '../model/fix';

/**
 * What a connection in each mode goes without, compared with a verified one (VERIFY_IDENTITY).
 * Said after "gives up"; every dialect's spelling of the mode (Go's tls=skip-verify, Prisma's
 * sslaccept=accept_invalid_certs, mysql2's rejectUnauthorized: false) gives up the same.
 */
const MODE_GIVES_UP: Readonly<Record<SslMode, string | undefined>> = {
  DISABLED: 'encryption: the password and every query cross the network in clear',
  PREFERRED: 'guaranteed encryption: a server without TLS gets the password and queries in clear, and no certificate is checked',
  REQUIRED: 'server verification: any certificate is accepted (skip-verify, accept_invalid_certs), so a machine in the middle goes unnoticed',
  VERIFY_CA: 'the host-name check: any certificate from the same CA is accepted, for any server',
  VERIFY_IDENTITY: undefined,
};

const LEGACY_TLS_GIVES_UP = 'modern TLS: TLS 1.0 and 1.1 are deprecated and open to known attacks';

/** What applying the fix gives up in security; undefined when it gives up nothing. */
export function givesUpOf(fix: Fix): string | undefined {
  if (fix.kind === 'set-ssl-mode') return MODE_GIVES_UP[fix.mode];
  if (fix.kind === 'set-tls-versions' && fix.versions.some(isLegacyTls)) return LEGACY_TLS_GIVES_UP;
  return fix.givesUp;
}

/**
 * The fix with `givesUp` filled from the one table above (so every downgrade to a mode reads the
 * same, whichever check offers it), and never `preferred`: a downgrade is offered, not defaulted.
 */
export function markDowngrade(fix: Fix): Fix {
  const givesUp = givesUpOf(fix);
  if (!givesUp) return fix;
  const marked: Fix = { ...fix, givesUp };
  delete marked.preferred;
  return marked;
}

/** What the fix gives up when its title does not say it already (the checks' titles may). */
export function unsaidCost(fix: Fix): string | undefined {
  return fix.givesUp && !/gives? up/i.test(fix.title) ? fix.givesUp : undefined;
}

/** The fix's title saying what it gives up: quick fix titles and the Markdown report. */
export function titleWithCost(fix: Fix): string {
  const cost = unsaidCost(fix);
  return cost ? `${fix.title} (gives up ${cost})` : fix.title;
}
