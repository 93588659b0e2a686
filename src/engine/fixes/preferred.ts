import { planEdit, type ParamChange } from '../dialects/writers/planEdit';
import type { Connection } from '../model/connection';
import type { Finding, Fix } from '../model/finding';

/**
 * The one fix a face offers as the default (the quick fix's isPreferred, the CLI's "fix:", the
 * report's **Fix:**). The checks mark it; without marks, the first edit of the file that gives up
 * nothing. Never a downgrade, never new certificates (work on the server), never a fix the
 * connection's dialect cannot express (`expressible`, when the face knows the file).
 */
export function preferredFix(f: Finding, expressible: (fix: Fix) => boolean = () => true): Fix | undefined {
  const candidates = f.fixes.filter((fix) => !fix.givesUp && fix.kind !== 'generate-certs' && !fix.unresolved && expressible(fix));
  if (f.fixes.some((fix) => fix.preferred !== undefined)) return candidates.find((fix) => fix.preferred === true);
  return candidates.find((fix) => paramChangeOf(fix) !== undefined);
}

/** The parameter edit a fix stands for; a CA fix without a path (a file to choose) is none. */
export function paramChangeOf(fix: Fix): ParamChange | undefined {
  switch (fix.kind) {
    case 'set-ssl-mode':
      return { param: 'mode', value: fix.mode };
    case 'set-host':
      return { param: 'host', value: fix.host };
    case 'set-tls-versions':
      return { param: 'tlsVersions', value: fix.versions };
    case 'set-ca':
      return fix.path ? { param: 'ca', value: fix.path } : undefined;
    default:
      return undefined;
  }
}

/** The change a fix makes to the file once its file is chosen or written (a CA picker, a PEM copy). */
function changeToTry(fix: Fix): ParamChange | undefined {
  if (fix.kind === 'set-ca') return { param: 'ca', value: fix.path ?? 'ca.pem' };
  if (fix.kind === 'convert-der-to-pem' && (fix.param === 'ca' || fix.param === 'cert' || fix.param === 'key')) return { param: fix.param, value: `${fix.file}.pem` };
  return paramChangeOf(fix);
}

/**
 * Whether the connection as written in `text` can carry the fix (a Go DSN names no CA file, for
 * one); when not, the dialect writer's words say what to do instead (register a TLS config in code).
 * Fixes outside the file (server changes, advice, new certificates) are always expressible.
 */
export function expressibility(text: string, conn: Connection, fix: Fix): { ok: true } | { ok: false; why: string } {
  const change = changeToTry(fix);
  if (!change) return { ok: true };
  const planned = planEdit(text, conn, change);
  return 'error' in planned ? { ok: false, why: planned.error } : { ok: true };
}
