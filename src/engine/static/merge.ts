import type { Finding } from '../model/finding';

/**
 * The live diagnosis' findings with the offline analysis' findings that it does not restate.
 * A live finding says the same thing with what the server showed, so it replaces the static one of
 * the same code on the same setting (or the same certificate, for dates); `plaintext-fallback`
 * (the server offers no TLS, and this client went on in plaintext) is what `tls-optional` warned of,
 * and `unreachable` on a socket replaces the offline `local-socket` for it.
 */
export function mergeFindings(offline: readonly Finding[], live: readonly Finding[]): Finding[] {
  const noSession = live.some((l) => NO_TLS_SESSION.has(l.code));
  const kept = offline.filter((f) => !live.some((l) => restates(l, f)) && !(noSession && f.code === 'verification-disabled'));
  return [...kept, ...live];
}

// The server shows no TLS session can be had with these settings: what the client would check in
// one is beside the point next to that error (and the live diagnosis gives no verdict on a chain
// the client never gets to).
const NO_TLS_SESSION = new Set(['tls-version-mismatch', 'cipher-mismatch', 'server-tls-disabled', 'tls-handshake-failed']);

function restates(l: Finding, f: Finding): boolean {
  if (f.code === 'tls-optional') return l.code === 'plaintext-fallback';
  // Offline, a socket can only be named; live, one nothing listens on is the client's 2002.
  if (f.code === 'local-socket' && l.code === 'unreachable') return l.evidence.socket === f.evidence.socket;
  if (l.code !== f.code) return false;
  if (f.evidence.from !== undefined) return l.evidence.from === f.evidence.from && l.evidence.subject === f.evidence.subject;
  return l.param === f.param;
}
