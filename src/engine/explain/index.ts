import { type Finding, type FindingCode, type Fix, finding } from '../model/finding';
import { formatHost } from '../model/connection';
import { ADVICE, DIAGNOSE_CHECK, GENERIC_CHECKS } from './advice';
import { type DateFacts, type HostFacts, dateFacts, hostFacts, targetOf } from './facts';
import { dotnetRules } from './dotnet';
import { goRules } from './go';
import { javaRules } from './java';
import { type ExplainMatch, type Hit, type Normalized, type Rule, capInput, findRule, normalize, toMatch } from './match';
import { mysqlCliRules } from './mysqlCli';
import { nodeRules } from './node';
import { opensslExtract, opensslRules } from './openssl';
import { phpRules } from './php';
import { prismaRules } from './prisma';
import { pythonRules } from './python';
import { maskSecrets } from './secrets';

export type { ExplainMatch } from './match';

export interface Explanation {
  /** Most likely first; each with evidence { matched: ExplainMatch[] } and what to check next in detail. */
  findings: Finding[];
  matches: ExplainMatch[];
  /** Where a recognised message is known to point the reader the wrong way. */
  misleading: string[];
  /** True when nothing is recognised: findings empty, generic checks given. */
  unknown: boolean;
  /** What to check next (generic when unknown). */
  checks: string[];
}

export const ALL_RULES: readonly Rule[] = [
  ...mysqlCliRules, ...opensslRules, ...nodeRules, ...javaRules, ...pythonRules, ...goRules, ...phpRules, ...prismaRules, ...dotnetRules,
];

/** A cause scoring this far below the best one is left out: the text speaks against it. */
const SCORE_GAP = 40;
/** A single-cause rule at least this precise settles the ambiguous rules that include its cause. */
const CONFIRMS = 85;
/** Each later position in a rule's list of codes costs this much. */
const RANK_STEP = 5;

/** Explains an error message as pasted (a line, a stack trace, a JSON error object). Never throws. */
export function explainError(text: string): Explanation {
  try {
    return explain(normalize(capInput(text)));
  } catch {
    // Matching is written not to throw; this keeps the promise if a table is ever wrong.
    return unknownExplanation([]);
  }
}

function explain(n: Normalized): Explanation {
  const hits = collectHits(n);
  if (hits.length === 0) return unknownExplanation([]);
  const ranked = rankCodes(hits);
  const findings = ranked.map((code) => buildFinding(n, code, hits));
  const target = withPort(targetOf(n.original));
  return {
    findings: target ? findings.map((f) => ({ ...f, detail: withTarget(f.detail, target) })) : findings,
    matches: uniqueMatches(n, hits),
    misleading: misleadingNotes(hits, ranked),
    unknown: false,
    checks: (findings.length ? checksFor(findings, hits) : [...GENERIC_CHECKS]).map((c) => (target ? withTarget(c, target) : c)),
  };
}

/** A host without its port keeps the PORT placeholder: the message did not say which. */
function withPort(target: string | undefined): string | undefined {
  if (!target) return undefined;
  const bare = !target.includes(':') || (target.split(':').length > 2 && !target.startsWith('['));
  return bare ? `${formatHost(target)}:PORT` : target;
}

/** The commands name the server the message was about, when it says which. */
function withTarget(text: string, target: string): string {
  return text.split('HOST:PORT').join(target);
}

function collectHits(n: Normalized): Hit[] {
  const hits: Hit[] = [];
  for (const rule of ALL_RULES) {
    const hit = findRule(n, rule);
    if (hit) hits.push(hit);
  }
  hits.push(...opensslExtract(n));
  return hits.sort((a, b) => a.start - b.start);
}

interface Score {
  score: number;
  support: number;
}

/** Codes by their best support: the most specific rule naming them, then how many rules do. */
function rankCodes(hits: Hit[]): FindingCode[] {
  const naming = hits.filter((h) => h.rule.codes.length > 0);
  const counted = naming.some((h) => !h.rule.fallback) ? naming.filter((h) => !h.rule.fallback) : naming;
  const confirmed = new Set(counted.filter((h) => h.rule.codes.length === 1 && h.rule.weight >= CONFIRMS).map((h) => h.rule.codes[0]));
  const scores = new Map<FindingCode, Score>();
  for (const h of counted) {
    // An ambiguous message resolved by a precise one elsewhere ("validity check failed" +
    // "CertificateExpiredException") supports only the cause that was confirmed.
    const resolved = h.rule.codes.length > 1 && h.rule.codes.some((c) => confirmed.has(c));
    h.rule.codes.forEach((code, i) => {
      if (resolved && !confirmed.has(code)) return;
      const s = scores.get(code) ?? { score: -Infinity, support: 0 };
      s.score = Math.max(s.score, h.rule.weight - RANK_STEP * i);
      s.support += 1;
      scores.set(code, s);
    });
  }
  const ordered = [...scores.entries()].sort((a, b) => b[1].score - a[1].score || b[1].support - a[1].support);
  const best = ordered.length ? ordered[0][1].score : 0;
  return ordered.filter(([, s]) => s.score >= best - SCORE_GAP).map(([code]) => code);
}

function hitsFor(hits: Hit[], code: FindingCode): Hit[] {
  return hits.filter((h) => h.rule.codes.includes(code));
}

/** The rules' own advice when every rule behind the finding gives the same one for this code. */
function ruleAdvice(code: FindingCode, own: Hit[]): Rule | undefined {
  const first = own[0]?.rule;
  if (!first?.advice || first.codes[0] !== code) return undefined;
  return own.every((h) => h.rule.advice === first.advice && h.rule.codes[0] === code) ? first : undefined;
}

function buildFinding(n: Normalized, code: FindingCode, hits: Hit[]): Finding {
  const own = hitsFor(hits, code);
  const special = ruleAdvice(code, own);
  const advice = special?.advice ?? ADVICE[code];
  const notes = unique(own.map((h) => h.rule.note).filter((x): x is string => !!x));
  const certain = own.some((h) => h.rule.codes[0] === code && h.rule.weight >= 85);
  const told = specifics(n.original, code, own);
  const detail = [
    certain ? 'The message names this cause.' : 'The message is consistent with this cause, but does not prove it.',
    `Check next: ${advice?.check ?? DIAGNOSE_CHECK}`,
    ...notes,
    `To be sure: ${DIAGNOSE_CHECK}`,
  ].join('\n');
  const fixes = told.fixes ?? advice?.fixes.map((f) => ({ ...f })) ?? [];
  return finding(code, told.title ?? advice?.title ?? code, detail, { matched: own.map((h) => toMatch(n, h)), ...told.evidence }, fixes, special?.param);
}

interface Specifics {
  title?: string;
  fixes?: Fix[];
  evidence?: Record<string, unknown>;
}

/** What the message itself spells out (host names, dates) makes the title and fixes concrete. */
function specifics(original: string, code: FindingCode, own: Hit[]): Specifics {
  if (code === 'hostname-mismatch') return hostSpecifics(firstFact(own, (h) => hostFacts(original, h.start, h.end)));
  if (code === 'cert-expired' || code === 'cert-not-yet-valid') return dateSpecifics(code, firstFact(own, (h) => dateFacts(original, h.start, h.end)));
  return {};
}

function firstFact<T>(hits: Hit[], read: (h: Hit) => T | undefined): T | undefined {
  for (const h of hits) {
    const f = read(h);
    if (f) return f;
  }
  return undefined;
}

function hostSpecifics(f: HostFacts | undefined): Specifics {
  if (!f) return {};
  const host = f.host ? maskSecrets(f.host) : undefined;
  const certNames = f.certNames?.map(maskSecrets);
  const evidence: Record<string, unknown> = {};
  if (host) evidence.host = host;
  if (certNames) evidence.certNames = certNames;
  const listed = certNames ? ` (it names ${certNames.join(', ')})` : '';
  const title = host ? `The host name ${host} is not in the server certificate${listed}` : `The host name used is not in the server certificate${listed}`;
  const fixes: Fix[] = [];
  const usable = certNames?.find(isPlainHost);
  if (usable) fixes.push({ kind: 'set-host', title: `Connect to ${usable}, a name the certificate lists`, host: usable, preferred: true });
  if (host) fixes.push({ kind: 'generate-certs', title: `Issue a server certificate whose SANs include ${host}`, hosts: [host], preferred: !usable });
  return { title, evidence, fixes: fixes.length ? fixes : undefined };
}

/** A name a client can connect to: no wildcard, no Cloud SQL style `project:instance` CN. */
function isPlainHost(name: string): boolean {
  const ipv6 = name.includes(':');
  for (const c of name.toLowerCase()) {
    const hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (ipv6 ? !(hex || c === ':' || c === '.') : !(hex || (c >= 'g' && c <= 'z') || c === '.' || c === '-')) return false;
  }
  return name.length > 0;
}

function dateSpecifics(code: FindingCode, f: DateFacts | undefined): Specifics {
  const date = code === 'cert-expired' ? f?.notAfter : f?.notBefore;
  if (!date) return {};
  const title = code === 'cert-expired' ? `The server certificate expired ${date}` : `The server certificate is valid only from ${date}`;
  return { title, evidence: code === 'cert-expired' ? { notAfter: date } : { notBefore: date } };
}

function uniqueMatches(n: Normalized, hits: Hit[]): ExplainMatch[] {
  const seen = new Set<string>();
  const out: ExplainMatch[] = [];
  for (const h of hits) {
    const m = toMatch(n, h);
    const key = `${m.client}|${m.pattern}|${m.excerpt}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(m);
    }
  }
  return out;
}

/** A vague message made plain by a more precise one about the same cause needs no warning. */
function superseded(h: Hit, hits: Hit[]): boolean {
  return hits.some((g) => g.rule.weight > h.rule.weight && g.rule.codes.length > 0 && h.rule.codes.includes(g.rule.codes[0]));
}

/** Notes of the rules behind the top causes first, then of the wrappers around them. */
function misleadingNotes(all: Hit[], ranked: FindingCode[]): string[] {
  const hits = all.filter((h) => !superseded(h, all));
  const weightOf = (h: Hit): number => {
    const i = h.rule.codes.findIndex((c) => ranked.includes(c));
    return i < 0 ? 0 : 100 - ranked.indexOf(h.rule.codes[i]);
  };
  const sorted = [...hits].sort((a, b) => weightOf(b) - weightOf(a));
  return unique(sorted.map((h) => h.rule.misleading).filter((x): x is string => !!x));
}

function checksFor(findings: Finding[], hits: Hit[]): string[] {
  const perCause = findings.map((f) => {
    const advice = ruleAdvice(f.code, hitsFor(hits, f.code))?.advice ?? ADVICE[f.code];
    return `${f.code}: ${advice?.check ?? DIAGNOSE_CHECK}`;
  });
  return unique([...perCause, DIAGNOSE_CHECK]);
}

function unknownExplanation(matches: ExplainMatch[]): Explanation {
  return { findings: [], matches, misleading: [], unknown: true, checks: [...GENERIC_CHECKS] };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
