import { unsaidCost } from '../fixes/downgrade';
import { preferredFix } from '../fixes/preferred';
import { TLS_VERSIONS } from '../model/connection';
import type { Finding, Fix } from '../model/finding';
import { terminalSafe } from './escape';
import { targetName, type CertSummary, type DiagnosisReport, type ServerObservation } from '../model/report';
import { chainShown, listSummary, moreThan } from './summary';
import { driverLine } from '../drivers/reason';
import { PLAIN, type TextStyle } from './style';

export { ANSI, PLAIN, type TextStyle } from './style';

/** The readable report the CLI prints: target, what the server does, then each finding with its fix. */
export function renderText(report: DiagnosisReport, style: TextStyle = PLAIN): string {
  const r = terminalSafe(report);
  const out: string[] = [];
  const t = r.target;
  out.push(style.bold(targetName(t)) + style.dim(`  ${t.driver}, ssl-mode ${t.sslMode}${t.source ? `, ${t.source.file}:${t.source.line}` : ''}`));
  out.push(style.dim(`  driver   ${driverLine(t)}`));
  out.push(...(t.socket ? [style.dim('  server   not contacted (local socket, no TCP)')] : serverLines(r.server, style)));
  out.push('');
  for (const f of r.findings) out.push(...findingLines(f, style), '');
  out.push(summaryLine(r, style));
  return out.join('\n') + '\n';
}

function serverLines(s: ServerObservation, style: TextStyle): string[] {
  if (!s.reachable) return [style.dim('  server   not reached')];
  const lines = [`  server   ${s.serverVersion ?? 'unknown version'}${s.address ? ` at ${s.address}` : ''}, TLS ${s.tlsSupported ? 'offered' : 'not offered'}`];
  if (s.protocols) {
    const cells = TLS_VERSIONS.map((v) => (s.protocols?.[v] ? style.green(`${v} yes`) : style.dim(`${v} no`)));
    lines.push(`  versions ${cells.join('  ')}`);
  }
  if (s.negotiated) lines.push(`  agreed   ${s.negotiated.protocol}, ${s.negotiated.cipher}`);
  const chain = chainShown(s.chain ?? []);
  for (const [i, c] of chain.shown.entries()) lines.push(...certLines(i, c));
  if (chain.more) lines.push(`  cert #${chain.shown.length}… and ${moreThan(chain.more)} certificate(s)`);
  if (s.accountRequire) lines.push(`  account  REQUIRE ${s.accountRequire}`);
  return lines;
}

export function certLines(i: number, c: CertSummary): string[] {
  return [
    `  cert #${i}  ${c.subject}  (issuer ${c.issuer})`,
    `           valid ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}${c.san.length ? `, SAN ${listSummary(c.san)}` : ''}`,
  ];
}

function findingLines(f: Finding, style: TextStyle): string[] {
  const badge = f.severity === 'error' ? style.red('error  ') : f.severity === 'warning' ? style.yellow('warning') : style.green('info   ');
  const cause = f.cause ? style.dim(` (cause ${f.cause})`) : '';
  const lines = [`${badge} ${style.bold(f.title)}  ${style.dim(f.code)}${cause}`];
  lines.push(...wrap(f.detail, 86).map((l) => `        ${l}`));
  const preferred = preferredFix(f);
  for (const fix of f.fixes) lines.push(...fixLines(fix, style, undefined, fix === preferred));
  return lines;
}

/** A fix and, under it, what a downgrade gives up and the commands to run; `indent` before the mark;
 *  `preferred`: this is the finding's preferredFix. */
export function fixLines(fix: Fix, style: TextStyle, indent = '        ', preferred = false): string[] {
  const mark = preferred ? style.green('fix:') : fix.givesUp ? style.yellow('alt:') : style.dim('alt:');
  const under = `${indent}     `;
  const lines = [`${indent}${mark} ${fix.title}`];
  const cost = unsaidCost(fix);
  if (fix.unresolved) lines.push(...wrap(fix.unresolved, 78).map((l) => style.yellow(`${under}${l}`)));
  if (cost) lines.push(...wrap(`gives up ${cost}`, 78).map((l) => style.yellow(`${under}${l}`)));
  if ('commands' in fix && fix.commands) lines.push(...fix.commands.map((c) => style.dim(`${under}${c}`)));
  return lines;
}

function summaryLine(r: DiagnosisReport, style: TextStyle): string {
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const warnings = r.findings.filter((f) => f.severity === 'warning').length;
  const head = errors ? style.red(`${errors} error(s)`) : style.green('no errors');
  return `${head}, ${warnings} warning(s)  ${style.dim(`(${r.durationMs} ms)`)}`;
}

/** Greedy word wrap that keeps long tokens (paths, commands) whole. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}
