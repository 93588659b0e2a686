// `lint --sarif`: one SARIF 2.1.0 log (OASIS), as GitHub code scanning and other viewers read it.
import { pathToFileURL } from 'node:url';
import { ADVICE } from '../explain/advice';
import { FINDING_CODES, type FindingCode, type Severity } from '../model/finding';
import type { LintResult } from './lint';

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const HELP_URI = 'https://github.com/tls-doctor/mysql-tls-doctor#finding-codes';

/** One rule per finding code (docs/CONTRACT.md: every code, id = code), then one result per finding. */
export function sarifLog(result: LintResult, version: string): object {
  const codes = Object.keys(FINDING_CODES) as FindingCode[];
  const rules = codes.map((code) => ({
    id: code,
    name: ruleName(code),
    shortDescription: { text: ADVICE[code]?.title ?? 'TLS works with these settings' },
    fullDescription: { text: ADVICE[code]?.check ?? 'The handshake succeeds with the client\'s effective settings.' },
    defaultConfiguration: { level: LEVEL[FINDING_CODES[code].severity] },
    helpUri: HELP_URI,
    help: { text: `${ADVICE[code]?.title ?? code}. ${ADVICE[code]?.check ?? ''}`.trim() },
  }));
  const index = new Map(codes.map((c, i) => [c, i]));
  const results = result.entries.map((e) => ({
    ruleId: e.finding.code,
    ruleIndex: index.get(e.finding.code),
    level: LEVEL[e.finding.severity],
    message: { text: e.finding.title },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: encodeURI(e.rootPath), uriBaseId: 'ROOT' },
        region: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn },
      },
    }],
    properties: {
      connection: { ...e.connection },
      ...(e.finding.cause !== undefined ? { cause: e.finding.cause } : {}),
    },
  }));
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'MySQL TLS Doctor', informationUri: 'https://github.com/tls-doctor/mysql-tls-doctor', version, rules } },
      originalUriBaseIds: { ROOT: { uri: `${pathToFileURL(result.root).href.replace(/\/?$/, '/')}` } },
      results,
      columnKind: 'utf16CodeUnits',
    }],
  };
}

/** `tls-not-used` -> `TlsNotUsed` (SARIF's rule names are identifiers). */
function ruleName(code: string): string {
  return code.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
