import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { CertSummary } from '../model/report';
import { dn, dnAttrs, hasCaIssuersUrl, isSelfSigned, parseCertDate, signedBy, summarize } from './x509';

/** Where a certificate of the built path came from. */
export type PathOrigin = 'server' | 'ca-file' | 'system';

export interface PathCert {
  cert: X509Certificate;
  from: PathOrigin;
}

export interface ChainVerdict {
  /** The certificates the client would actually use, leaf first, ending with the trust anchor when
   *  one was reached (else with the last certificate reached). Presented certificates off this path
   *  are never looked at by a client, so their dates do not matter. */
  path: PathCert[];
  status: 'trusted' | 'untrusted' | 'intermediate-missing' | 'self-signed' | 'no-chain';
  trustedBy?: 'ca-file' | 'system';
  /** The trusted cert that closed the chain. */
  anchor?: CertSummary;
  /** DN of the issuer nobody in presented+trusted holds. */
  missingIssuer?: string;
  /** DNs in the trusted file, to show the user. */
  expectedIssuers?: string[];
  /** Extra (C): the CA file holds a non-root CA of this chain but not its root. OpenSSL-based
   *  clients reject that (no partial chains by default); Java trust stores accept it. */
  partialAnchor?: CertSummary;
  /** One or two plain sentences. */
  detail: string;
}

// Real chains are 2-4 long; the bound keeps a hostile cross-signed loop finite.
const MAX_DEPTH = 10;

/**
 * Builds the chain from the leaf through the presented intermediates to a trusted cert, checking
 * signatures (not only names), and tells a wrong CA apart from a missing intermediate.
 * `trusted` is the CA file's certificates, or 'system' for Node's bundled public roots.
 */
export function verifyChain(presented: X509Certificate[], trusted: X509Certificate[] | 'system', now = new Date()): ChainVerdict {
  if (presented.length === 0) return { path: [], status: 'no-chain', detail: 'The server presented no certificate.' };
  const source = trusted === 'system' ? ('system' as const) : ('ca-file' as const);
  const anchors = trusted === 'system' ? systemRoots() : trusted;
  const walk = walkChain(presented, anchors, source, now);
  const verdict: ChainVerdict = { path: walk.path, ...judge(walk, presented, anchors, source) };
  if (source === 'ca-file') verdict.expectedIssuers = anchors.map((a) => dn(a.subject));
  return verdict;
}

type Verdict = Omit<ChainVerdict, 'path'>;

interface Walk {
  path: PathCert[];
  anchor?: X509Certificate;
  /** The last certificate reached when no issuer was found. */
  stuck: X509Certificate;
  /** A trusted, non-root CA met on the way (partial chain). */
  passed?: X509Certificate;
}

function walkChain(presented: X509Certificate[], anchors: X509Certificate[], source: PathOrigin, now: Date): Walk {
  const path: PathCert[] = [{ cert: presented[0], from: 'server' }];
  const end = (w: Omit<Walk, 'path'>): Walk => ({ path, ...w });
  let current = presented[0];
  let passed: X509Certificate | undefined;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (isSelfSigned(current)) {
      const pinned = anchors.some((a) => same(a, current));
      // A root the server also sends is taken from the trust store: that copy is the anchor.
      if (pinned && path.length > 1) path[path.length - 1].from = source;
      return pinned ? end({ anchor: current, stuck: current }) : end({ stuck: current, passed });
    }
    const fromTrust = bestIssuer(current, anchors.filter((a) => !path.some((p) => p.cert === a)), now);
    if (fromTrust && isSelfSigned(fromTrust)) {
      path.push({ cert: fromTrust, from: source });
      return end({ anchor: fromTrust, stuck: current });
    }
    // Past a trusted certificate OpenSSL looks for issuers in the trust store only.
    const unused = presented.filter((c) => !path.some((p) => same(p.cert, c)));
    const next = fromTrust ?? (passed ? undefined : bestIssuer(current, unused, now));
    if (!next) {
      if (!passed && anchors.some((a) => same(a, current))) passed = current;
      return end({ stuck: current, passed });
    }
    if (fromTrust) passed ??= fromTrust;
    path.push({ cert: next, from: fromTrust ? source : 'server' });
    current = next;
  }
  return end({ stuck: current, passed });
}

/**
 * The issuer of `cert` among `candidates` as OpenSSL picks it: the first one valid at `now`, else
 * the one that expired last. An expired cross-signed copy sent beside a valid one is not used.
 */
function bestIssuer(cert: X509Certificate, candidates: X509Certificate[], now: Date): X509Certificate | undefined {
  let fallback: X509Certificate | undefined;
  for (const c of candidates) {
    if (!signedBy(cert, c)) continue;
    if (validAt(c, now)) return c;
    if (!fallback || parseCertDate(c.validTo) > parseCertDate(fallback.validTo)) fallback = c;
  }
  return fallback;
}

function validAt(cert: X509Certificate, now: Date): boolean {
  const t = now.getTime();
  return parseCertDate(cert.validFrom).getTime() <= t && t <= parseCertDate(cert.validTo).getTime();
}

function judge(w: Walk, presented: X509Certificate[], anchors: X509Certificate[], source: 'ca-file' | 'system'): Verdict {
  const where = source === 'system' ? "the system's public roots" : 'the CA file';
  if (w.anchor) {
    return { status: 'trusted', trustedBy: source, anchor: summarize(w.anchor), detail: `The chain leads to ${dn(w.anchor.subject)} from ${where}.` };
  }
  const leaf = presented[0];
  const stuckName = dn(w.stuck.subject);
  if (isSelfSigned(w.stuck)) {
    if (w.stuck === leaf) {
      return { status: 'self-signed', detail: `The server's certificate (${stuckName}) is self-signed and is not in ${where}.` };
    }
    return { status: 'untrusted', detail: `The chain ends at the root ${stuckName}, which is not in ${where}${holding(anchors, source)}.` };
  }
  const missing = dn(w.stuck.issuer);
  if (w.passed) return partial(w.passed, missing);
  const namesake = anchors.find((a) => a.subject === w.stuck.issuer);
  if (namesake) {
    return {
      status: 'untrusted',
      missingIssuer: missing,
      detail: `${source === 'system' ? "The system's public roots hold" : 'The CA file holds'} a CA named ${missing}, but not the one that signed ${describe(w.stuck, leaf)}: the names match, the keys do not (was the CA regenerated?).`,
    };
  }
  // The server sent intermediates and the chain still stops: the CA file lacks what the chain
  // ends at. The name-stem guess is only for a leaf sent alone.
  if (w.stuck !== leaf) {
    return {
      status: 'untrusted',
      missingIssuer: missing,
      detail: `The server sent its chain, and the chain ends at an issuer (${missing}) ${source === 'system' ? "the system's public roots do" : 'the CA file does'} not hold: ` +
        `${describe(w.stuck, leaf)} is issued by it.${holdingSentence(anchors, source)}`,
    };
  }
  if (likelyIntermediate(w.stuck, anchors)) {
    const sent = presented.length === 1 ? 'only its own certificate' : 'an incomplete chain';
    return {
      status: 'intermediate-missing',
      missingIssuer: missing,
      detail: `The server sent ${sent}; its issuer ${missing} is neither sent by the server nor in ${where}${holding(anchors, source, 'only ')}.`,
    };
  }
  return {
    status: 'untrusted',
    missingIssuer: missing,
    detail: `${capital(describe(w.stuck, leaf))} is issued by ${missing}, which is not in ${where}${holding(anchors, source)}.`,
  };
}

function partial(passed: X509Certificate, missing: string): Verdict {
  return {
    status: 'untrusted',
    missingIssuer: missing,
    partialAnchor: summarize(passed),
    detail:
      `The CA file holds ${dn(passed.subject)} from this chain, but not ${missing}, which issued it. ` +
      'OpenSSL-based clients need every certificate from there up to a self-signed root in the CA file; Java trust stores accept it as is.',
  };
}

function describe(cert: X509Certificate, leaf: X509Certificate): string {
  return cert === leaf ? "the server's certificate" : `the intermediate ${dn(cert.subject)}`;
}

function capital(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function holdingSentence(anchors: X509Certificate[], source: 'ca-file' | 'system'): string {
  const h = holding(anchors, source);
  return h ? ` The CA file${h.replace(/^, which/, '')}.` : '';
}

function holding(anchors: X509Certificate[], source: 'ca-file' | 'system', only = ''): string {
  if (source === 'system') return '';
  if (anchors.length === 0) return ', which holds no certificate';
  const names = anchors.slice(0, 3).map((a) => dn(a.subject));
  const more = anchors.length > 3 ? ` and ${anchors.length - 3} more` : '';
  return `, which holds ${only}${names.join('; ')}${more}`;
}

/**
 * Whether the unknown issuer of `stuck` is probably an intermediate under one of the trusted roots
 * (the server should send it) rather than another CA altogether. Without the issuer itself this is
 * a judgement: the certificate says where to fetch its issuer (AIA), or the issuer's name says
 * "intermediate"/"issuing", or it carries the same name stem as a trusted root ("Acme Issuing CA 2"
 * under "Acme Root CA").
 */
function likelyIntermediate(stuck: X509Certificate, anchors: X509Certificate[]): boolean {
  const roots = anchors.filter((a) => a.ca && isSelfSigned(a));
  if (roots.length === 0) return false;
  if (hasCaIssuersUrl(stuck)) return true;
  const issuerCn = dnAttrs(stuck.issuer, 'CN').join(' ');
  if (INTERMEDIATE_WORDS.some((w) => words(issuerCn).includes(w))) return true;
  const stem = nameStem(issuerCn);
  return stem !== '' && roots.some((r) => nameStem(dnAttrs(r.subject, 'CN').join(' ')) === stem);
}

const INTERMEDIATE_WORDS = ['intermediate', 'issuing', 'subordinate', 'subca', 'ica'];
const GENERIC_WORDS = new Set(['ca', 'root', 'authority', 'certificate', 'certification', 'sub', 'server', 'tls', 'ssl', ...INTERMEDIATE_WORDS]);

function words(name: string): string[] {
  return name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
}

// Generation markers (G2, R3, 2020) vary between a root and its intermediates; drop them.
function nameStem(name: string): string {
  return words(name)
    .filter((w) => !GENERIC_WORDS.has(w) && !/^[a-z]?\d+$/.test(w))
    .sort()
    .join(' ');
}

function same(a: X509Certificate, b: X509Certificate): boolean {
  return a === b || a.fingerprint256 === b.fingerprint256;
}

let systemCache: X509Certificate[] | undefined;

/** Node's bundled public roots (what a client without a CA file trusts), parsed once. */
export function systemRoots(): X509Certificate[] {
  if (!systemCache) {
    systemCache = [];
    for (const pem of rootCertificates) {
      try {
        systemCache.push(new X509Certificate(pem));
      } catch {
        // A root Node ships but this OpenSSL cannot parse cannot anchor anything either.
      }
    }
  }
  return systemCache;
}
