// How findings, certificates and connections read, for every face: the extension's documents and
// hovers, the CLI and the reports all take their words from here.
import { ADVICE } from '../explain/advice';
import { explainError } from '../explain';
import { maskedSlice } from '../explain/secrets';
import { Redactor } from '../redact';
import { localSocketOf } from '../drivers/effective';
import { driverReason } from '../drivers/reason';
import { titleWithCost } from '../fixes/downgrade';
import { DEFAULT_PORT, hostOf, hostPort, type Connection } from '../model/connection';
import type { Finding } from '../model/finding';
import type { CertSummary, DiagnosisReport } from '../model/report';
import { MASK } from '../model/secret';
import { inlineCode } from './escape';

/** `mysql2 3.9.7 (the project's package.json names it)`. */
function driverFact(conn: Connection): string {
  return `${conn.driver}${conn.driverVersion ? ` ${conn.driverVersion}` : ''} (${driverReason(conn)})`;
}

/** `name: value` lines describing a parsed connection; the password only ever as a mask. */
export function connectionFacts(conn: Connection): Array<[string, string]> {
  const facts: Array<[string, string]> = [['dialect', conn.form ? `${conn.dialect} (${conn.form})` : conn.dialect], ['driver', driverFact(conn)]];
  if (conn.socket) facts.push(['socket', conn.socket]);
  if (conn.host || !conn.socket) facts.push(['host', hostOf(conn)], ['port', String(conn.port ?? DEFAULT_PORT)]);
  if (conn.user) facts.push(['user', conn.user]);
  if (conn.password) facts.push(['password', MASK]);
  if (conn.database) facts.push(['database', conn.database]);
  const t = conn.tls;
  facts.push(['ssl-mode', t.mode ?? 'driver default']);
  if (t.verifyServerCert !== undefined) facts.push(['verify server certificate', String(t.verifyServerCert)]);
  if (t.verifyIdentity !== undefined) facts.push(['verify host name', String(t.verifyIdentity)]);
  const files: Array<[string, string | undefined]> = [['ca', t.ca], ['capath', t.capath], ['crl', t.crl], ['cert', t.cert], ['key', t.key], ['trust store', t.trustStore]];
  for (const [name, value] of files) if (value) facts.push([name, value]);
  if (t.tlsVersions?.length) facts.push(['tls versions', t.tlsVersions.join(', ')]);
  if (t.cipher) facts.push(['cipher', t.cipher]);
  if (t.ciphersuites) facts.push(['ciphersuites', t.ciphersuites]);
  if (t.profile) facts.push(['profile', t.profile]);
  return facts;
}

/** The `host:port` the advice's HOST:PORT stands for; none when the client uses a local socket. */
export function adviceTarget(conn: Connection): string | undefined {
  return localSocketOf(conn) ? undefined : hostPort(conn);
}

export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** One line for a certificate: its subject and when it expires. */
export function certLine(cert: CertSummary): string {
  return `${cert.subject} (until ${day(cert.notAfter)})`;
}

/** The server's chain as a readable text document. */
export function chainText(label: string, report: DiagnosisReport): string {
  const chain = report.server.chain ?? [];
  const head = [`Certificate chain presented by ${label}`, `(${report.target.host}:${report.target.port})`, ''];
  if (chain.length === 0) return [...head, reasonForNoChain(report), ''].join('\n');
  const blocks = chain.map((c, i) => certBlock(c, i, chain.length));
  const n = report.server.negotiated;
  const tail = n ? [`Negotiated: ${n.protocol}, ${n.cipher}`, ''] : [];
  return [...head, ...blocks.flat(), ...tail].join('\n');
}

function certBlock(c: CertSummary, i: number, total: number): string[] {
  const role = i === 0 ? 'server (leaf)' : i === total - 1 && c.selfSigned ? 'root' : 'intermediate';
  const lines = [
    `[${i}] ${role}`,
    `  Subject:    ${c.subject}`,
    `  Issuer:     ${c.issuer}`,
    `  Valid:      ${c.notBefore}  ->  ${c.notAfter}`,
  ];
  if (c.san.length) lines.push(`  SANs:       ${c.san.join(', ')}`);
  if (c.keyType) lines.push(`  Key:        ${c.keyType}${c.keyBits ? ` ${c.keyBits} bits` : ''}`);
  if (c.signatureAlgorithm) lines.push(`  Signature:  ${c.signatureAlgorithm}`);
  if (c.isCA !== undefined) lines.push(`  CA:         ${c.isCA ? 'yes' : 'no'}${c.selfSigned ? ', self-signed' : ''}`);
  lines.push(`  SHA-256:    ${c.sha256}`, '');
  return lines;
}

function reasonForNoChain(report: DiagnosisReport): string {
  if (!report.server.reachable) return 'The server could not be reached, so no certificate was seen.';
  if (report.server.tlsSupported === false) return 'The server offers no TLS, so it presents no certificate.';
  return 'No certificate was seen.';
}

/** A finding as a Markdown document; `target` (host:port) replaces the HOST:PORT placeholder of the general advice. */
export function findingMarkdown(label: string | undefined, f: Finding, target?: string): string {
  const about = `${label ? `Connection: ${inlineCode(label)} · ` : ''}code \`${f.code}\` · ${f.severity}${f.cause ? ` · cause ${f.cause}` : ''}`;
  const lines = [`# ${f.title}`, '', about, '', f.detail, ''];
  const check = ADVICE[f.code]?.check;
  if (check && !saysAlready(f.detail, check)) lines.push('## What to check', '', target ? check.split('HOST:PORT').join(target) : check, '');
  if (f.fixes.length) lines.push('## How to fix', '');
  for (const fix of f.fixes) {
    lines.push(`- ${titleWithCost(fix)}`);
    if (fix.unresolved) lines.push(`  (${fix.unresolved})`);
    if ((fix.kind === 'server-change' || fix.kind === 'manual') && fix.commands?.length) lines.push('', '  ```', ...fix.commands.map((c) => `  ${c}`), '  ```');
  }
  return lines.join('\n') + '\n';
}

/** Explained errors carry the advice in their detail already, with HOST:PORT possibly filled in. */
function saysAlready(detail: string, check: string): boolean {
  const longest = check.split('HOST:PORT').sort((a, b) => b.length - a.length)[0];
  return detail.includes(longest);
}

/** A workspace connection whose last diagnosis found a cause the pasted error names. */
export interface MatchingConnection {
  label: string;
  code: string;
  /** Where it is written: `path/to/file:line` (or the setting). */
  where?: string;
}

// A stack frame or a chained cause, as Java, Node, .NET, Python and Go print them one a line.
const FRAME_START = /\s+(?=at (?:async |new )?[\w$.<>\[\]/\\:-]+(?: \(|\(|:\d))|\s+(?=Caused by: )|\s+(?=--- End of )|\s+(?=File "[^"]+", line \d)|\s+(?=Traceback \(most recent call last\):)|\s+(?=goroutine \d+ \[)/g;

/**
 * A stack trace pasted into a one-line input box loses its line breaks (an input field drops
 * them): put each frame and each "Caused by:" back on a line of its own. Text that has line breaks
 * is taken as it is.
 */
export function asLines(text: string): string {
  if (text.includes('\n')) return text;
  return text.replace(FRAME_START, '\n    ').replace(/\n {4}(Caused by: |Traceback )/g, '\n$1');
}

/**
 * A pasted error message explained, as Markdown: the message as pasted (line breaks kept, secrets
 * masked: a pasted DSN or command line may hold a password), then each likely cause.
 * `matching` names the workspace connections whose last diagnosis found the same cause.
 */
export function explanationMarkdown(text: string, matching: MatchingConnection[] = []): string {
  const result = explainError(text);
  // Masked before it is cut, so a password cut at the edge is still masked whole.
  const trimmed = asLines(text.trim());
  const pasted = maskedSlice(trimmed, 0, Math.min(trimmed.length, 4000)).replace(/```/g, "'''");
  const lines = ['# What this error means', '', '```text', pasted, '```', ''];
  if (matching.length) {
    lines.push('## Connections of this workspace with this cause', '');
    for (const m of matching) lines.push(`- ${inlineCode(m.label)}${m.where ? ` in ${inlineCode(m.where)}` : ''}: its last diagnosis found \`${m.code}\``);
    lines.push('');
  }
  if (result.findings.length === 0) lines.push('No known TLS cause is named by this message.', '');
  for (const f of result.findings) lines.push(findingMarkdown(undefined, f).replace(/^# /, '## '));
  for (const m of result.misleading) lines.push(`> **Beware:** ${m}`, '');
  if (result.unknown) lines.push('## What to check', '', ...result.checks.map((c) => `- ${c}`), '');
  return new Redactor().addPasted(text).text(lines.join('\n'));
}
