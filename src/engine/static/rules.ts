import { FINDING_CODES, type Finding, type FindingCode, type Severity } from '../model/finding';

/** `tlsDoctor.rules` / `lint --rule`: a severity per finding code, or `off`. */
export type RuleLevel = Severity | 'off';
export type Rules = Partial<Record<FindingCode, RuleLevel>>;

const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'info', 'off'];

export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDING_CODES, code);
}

/** The findings with each rule applied: `off` drops a finding, a severity replaces its own. */
export function applyRules(findings: readonly Finding[], rules: Rules | undefined): Finding[] {
  if (!rules) return [...findings];
  const out: Finding[] = [];
  for (const f of findings) {
    const level = rules[f.code];
    if (level === 'off') continue;
    out.push(level && level !== f.severity ? { ...f, severity: level } : f);
  }
  return out;
}

/**
 * Rules from an untrusted object (a setting, a config file): known codes and levels only; what
 * is not understood is returned in `problems`, one line each, and left out.
 */
export function readRules(value: unknown): { rules: Rules; problems: string[] } {
  const rules: Rules = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { rules, problems };
  if (typeof value !== 'object' || Array.isArray(value)) return { rules, problems: ['expected an object like { "tls-optional": "off" }'] };
  for (const [code, level] of Object.entries(value as Record<string, unknown>)) {
    const problem = ruleProblem(code, level);
    if (problem) problems.push(problem);
    else rules[code as FindingCode] = level as RuleLevel;
  }
  return { rules, problems };
}

/** `code=level` as `--rule` takes it. */
export function parseRule(text: string): { code: FindingCode; level: RuleLevel } | { problem: string } {
  const eq = text.indexOf('=');
  if (eq < 0) return { problem: `expected CODE=LEVEL (e.g. tls-optional=off), got '${text}'` };
  const code = text.slice(0, eq).trim();
  const level = text.slice(eq + 1).trim();
  const problem = ruleProblem(code, level);
  return problem ? { problem } : { code: code as FindingCode, level: level as RuleLevel };
}

function ruleProblem(code: string, level: unknown): string | undefined {
  if (!isFindingCode(code)) return `unknown finding code '${code}'`;
  if (typeof level !== 'string' || !LEVELS.includes(level as RuleLevel)) return `${code}: the level must be ${LEVELS.join(', ')}, got ${JSON.stringify(level)}`;
  return undefined;
}
