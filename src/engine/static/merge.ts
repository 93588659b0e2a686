import type { Finding } from '../model/finding';

/**
 * The live diagnosis' findings with the offline analysis' findings that it does not restate.
 * A live finding says the same thing with what the server showed, so it replaces the static one of
 * the same code on the same setting (or the same certificate, for dates); `plaintext-fallback`
 * (the server offers no TLS, and this client went on in plaintext) is what `tls-optional` warned of.
 */
export function mergeFindings(offline: readonly Finding[], live: readonly Finding[]): Finding[] {
  const kept = offline.filter((f) => !live.some((l) => restates(l, f)));
  return [...kept, ...live];
}

function restates(l: Finding, f: Finding): boolean {
  if (f.code === 'tls-optional') return l.code === 'plaintext-fallback';
  if (l.code !== f.code) return false;
  if (f.evidence.from !== undefined) return l.evidence.from === f.evidence.from && l.evidence.subject === f.evidence.subject;
  return l.param === f.param;
}
