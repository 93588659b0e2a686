import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Finding } from '../model/finding';
import type { Fix } from '../model/fix';

/** A name that takes longer than this to resolve is reported as not resolving (in time). */
const LOOKUP_MS = 2000;

/**
 * "Connect to a name the certificate is issued for" leads straight to "host name not found" when
 * that name does not resolve from this machine. Each such fix's name is looked up (as the client's
 * resolver would, `dns.lookup`; bounded); one that does not resolve says so in `unresolved` and is
 * not preferred, and the first that does resolve is preferred in its place. IP addresses need no lookup.
 */
export async function markUnresolvedHosts(findings: Finding[], o: { timeoutMs: number; log?: (line: string) => void }): Promise<void> {
  const names = [...new Set(findings.flatMap((f) => f.fixes).flatMap((fix) => (fix.kind === 'set-host' && isIP(fix.host) === 0 ? [fix.host] : [])))];
  if (names.length === 0) return;
  const limit = Math.min(o.timeoutMs, LOOKUP_MS);
  const why = new Map(await Promise.all(names.map(async (name) => [name, await whyUnresolved(name, limit)] as const)));
  for (const [name, reason] of why) if (reason) o.log?.(`${name} (a name the certificate is issued for) ${reason}`);
  for (const f of findings) f.fixes = withUnresolved(f.fixes, (host) => why.get(host));
}

/** Undefined when the name resolves; else why not, in words fit for a fix's title. */
export async function whyUnresolved(name: string, limitMs = LOOKUP_MS): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`does not resolve from this machine within ${limitMs} ms`), limitMs);
  });
  const asked = lookup(name).then(
    () => undefined,
    (e: NodeJS.ErrnoException) => `does not resolve from this machine (${e.code ?? 'lookup failed'}): add it to DNS or /etc/hosts first`,
  );
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}

function withUnresolved(fixes: Fix[], reasonFor: (host: string) => string | undefined): Fix[] {
  let demoted = false;
  const marked = fixes.map((fix): Fix => {
    const reason = fix.kind === 'set-host' ? reasonFor(fix.host) : undefined;
    if (!reason || fix.kind !== 'set-host') return fix;
    const out: Fix = { ...fix, unresolved: `${fix.host} ${reason}` };
    if (out.preferred) {
      demoted = true;
      delete out.preferred;
    }
    return out;
  });
  if (!demoted) return marked;
  // The preferred name does not resolve: the next name of the certificate that does takes its place.
  const next = marked.findIndex((fix) => fix.kind === 'set-host' && !fix.unresolved && !fix.givesUp);
  if (next >= 0) marked[next] = { ...marked[next], preferred: true };
  return marked;
}
