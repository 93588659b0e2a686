import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { CertSummary } from '../model/report';
import { dn, dnAttrs, hasCaIssuersUrl, isSelfSigned, signedBy, summarize } from './x509';

export interface ChainVerdict {
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
export function verifyChain(presented: X509Certificate[], trusted: X509Certificate[] | 'system'): ChainVerdict {
  if (presented.length === 0) return { status: 'no-chain', detail: 'The server presented no certificate.' };
  const source = trusted === 'system' ? 'system' : 'ca-file';
  const anchors = trusted === 'system' ? systemRoots() : trusted;
  const walk = walkChain(presented, anchors);
  const verdict = judge(walk, presented, anchors, source);
  if (source === 'ca-file') verdict.expectedIssuers = anchors.map((a) => dn(a.subject));
  return verdict;
}

interface Walk {
  anchor?: X509Certificate;
  /** The last certificate reached when no issuer was found. */
  stuck: X509Certificate;
  /** A trusted, non-root CA met on the way (partial chain). */
  passed?: X509Certificate;
}

function walkChain(presented: X509Certificate[], anchors: X509Certificate[]): Walk {
  const path: X509Certificate[] = [presented[0]];
  let current = presented[0];
  let passed: X509Certificate | undefined;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (isSelfSigned(current)) {
      return anchors.some((a) => same(a, current)) ? { anchor: current, stuck: current } : { stuck: current, passed };
    }
    const fromTrust = anchors.find((a) => !path.includes(a) && signedBy(current, a));
    if (fromTrust && isSelfSigned(fromTrust)) return { anchor: fromTrust, stuck: current };
    // Past a trusted certificate OpenSSL looks for issuers in the trust store only.
    const next = fromTrust ?? (passed ? undefined : presented.find((c) => !path.some((p) => same(p, c)) && signedBy(current, c)));
    if (!next) {
      if (!passed && anchors.some((a) => same(a, current))) passed = current;
      return { stuck: current, passed };
    }
    if (fromTrust) passed ??= fromTrust;
    path.push(next);
    current = next;
  }
  return { stuck: current, passed };
}

function judge(w: Walk, presented: X509Certificate[], anchors: X509Certificate[], source: 'ca-file' | 'system'): ChainVerdict {
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

function partial(passed: X509Certificate, missing: string): ChainVerdict {
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
