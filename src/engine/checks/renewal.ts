import type { Finding } from '../model/finding';
import type { CertSummary, ChainChange } from '../model/report';

/**
 * Compares the chain a server presents now with the one seen last time: the classic "it broke
 * after the certificate renewal" is a leaf reissued under another intermediate or root.
 */
export function compareChains(previous: readonly CertSummary[] | undefined, current: readonly CertSummary[] | undefined): ChainChange | undefined {
  if (!previous?.length || !current?.length) return undefined;
  if (previous[0].sha256 === current[0].sha256) return undefined;
  const issuerChanged = previous[0].issuer !== current[0].issuer;
  const prevTop = previous[previous.length - 1];
  const curTop = current[current.length - 1];
  const rootChanged = prevTop.issuer !== curTop.issuer;
  const parts = [`The server certificate changed since the last diagnosis (was ${previous[0].subject}, valid to ${previous[0].notAfter.slice(0, 10)}; now valid to ${current[0].notAfter.slice(0, 10)}).`];
  if (issuerChanged) parts.push(`It is now issued by ${current[0].issuer}, no longer by ${previous[0].issuer}.`);
  if (rootChanged) parts.push(`The chain now ends at ${curTop.issuer} instead of ${prevTop.issuer}.`);
  if (current.length !== previous.length) parts.push(`The server now sends ${current.length} certificate(s), before ${previous.length}.`);
  if (issuerChanged || rootChanged) parts.push('A client that trusts only the old issuer fails from now on: give it the new CA.');
  return { issuerChanged, rootChanged, previousIssuer: previous[0].issuer, currentIssuer: current[0].issuer, note: parts.join(' ') };
}

const TRUST_CODES = new Set(['ca-untrusted', 'intermediate-missing', 'ca-not-configured', 'hostname-mismatch', 'cert-expired', 'cert-not-yet-valid']);

/** Tells the trust findings that the chain changed: that is usually the whole story. */
export function annotateRenewal(findings: Finding[], change: ChainChange): void {
  for (const f of findings) {
    if (!TRUST_CODES.has(f.code)) continue;
    f.detail = `${change.note} ${f.detail}`;
    f.evidence.renewal = { previousIssuer: change.previousIssuer, currentIssuer: change.currentIssuer };
  }
}
