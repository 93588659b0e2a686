// `mysql-tls-doctor lint [PATH ...] [--json | --sarif] [--fail-on LEVEL]`: every finding that needs
// no server. Imports nothing that opens a connection (no probe, no mysql2).
import { version } from '../../../package.json';
import { maskSecrets } from '../../engine/explain/secrets';
import { lintPaths, LintPathError, type LintResult } from '../../engine/lint/lint';
import { sarifLog } from '../../engine/lint/sarif';
import { DRIVER_IDS, isDriverId } from '../../engine/model/connection';
import type { Severity } from '../../engine/model/finding';
import { ripgrepOnPath } from '../../engine/scan/ripgrep';
import { parseRule, type Rules } from '../../engine/static/rules';
import { parse, positiveInt } from '../args';
import { EXIT, UsageError } from '../errors';
import { runner } from '../runner';
import { terminalSafe } from '../../engine/report/escape';
import type { Io } from '../io';

const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export async function lintCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: 'boolean' },
    sarif: { type: 'boolean' },
    'fail-on': { type: 'string' },
    rule: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    'expiry-days': { type: 'string' },
    driver: { type: 'string' },
  });
  const driver = values.driver;
  if (driver !== undefined && !isDriverId(driver)) throw new UsageError(`--driver must be one of ${DRIVER_IDS.join(', ')}, got '${driver}'`);
  if (values.json && values.sarif) throw new UsageError('--json and --sarif: choose one');
  const failOn = (values['fail-on'] ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be ${FAIL_ON.join(', ')}, got '${failOn}'`);
  const rules = rulesOf(values.rule ?? []);
  const warnDays = positiveInt(values['expiry-days'], '--expiry-days');
  let result: LintResult;
  try {
    result = await lintPaths(positionals, { rules, exclude: values.exclude, warnDays, driver, ripgrep: ripgrepOnPath() });
  } catch (e) {
    if (e instanceof LintPathError) throw new UsageError(e.message);
    throw e;
  }
  result.entries = result.entries.map(masked);
  if (values.sarif) io.out(JSON.stringify(sarifLog(result, version), null, 2) + '\n');
  else if (values.json) io.out(JSON.stringify(result.entries.map(({ rootPath: _r, ...e }) => e), null, 2) + '\n');
  else io.out(textOf(result, io));
  return failing(result, failOn) ? EXIT.findings : EXIT.ok;
}

function rulesOf(texts: string[]): Rules {
  const rules: Rules = {};
  for (const t of texts) {
    const r = parseRule(t);
    if ('problem' in r) throw new UsageError(`--rule ${r.problem}`);
    rules[r.code] = r.level;
  }
  return rules;
}

function failing(result: LintResult, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return result.entries.some((e) => RANK[e.finding.severity] <= RANK[failOn]);
}

/** Titles never hold a password; a value echoed from a file (a reading problem) might, so the texts are masked anyway. */
function masked<T extends LintResult['entries'][number]>(e: T): T {
  return { ...e, finding: { ...e.finding, title: maskSecrets(e.finding.title), detail: maskSecrets(e.finding.detail) } };
}

function textOf(result: LintResult, io: Io): string {
  const paint: Record<Severity, (s: string) => string> = { error: io.style.red, warning: io.style.yellow, info: io.style.dim };
  // File names and titles come from the files linted: shown escaped, as every CLI text is.
  const lines = terminalSafe(result.entries).map((e) =>
    (`${e.file}:${e.line}:${e.column}  ${paint[e.finding.severity](e.finding.severity.padEnd(7))}  ${e.finding.code}  ${e.finding.title}`));
  const count = (s: Severity) => result.entries.filter((e) => e.finding.severity === s).length;
  const summary = `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info in ${result.connections} connection(s) of ${result.files} file(s); no server was contacted`;
  return [...lines, io.style.dim(summary)].join('\n') + '\n';
}

export const run = runner(lintCommand);
