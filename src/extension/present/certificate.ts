import type { CertSummary, DiagnosisReport } from '../../engine/model/report';

/** One line for a certificate: its subject and when it expires. */
export function certLine(cert: CertSummary): string {
  return `${cert.subject} (until ${day(cert.notAfter)})`;
}

/** The server's chain as a readable text document. */
export function chainText(label: string, report: DiagnosisReport): string {
  const chain = report.server.chain ?? [];
  const head = [`Certificate chain presented by ${label}`, `(${report.target.host}:${report.target.port}, diagnosed ${new Date().toISOString()})`, ''];
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

export function day(iso: string): string {
  return iso.slice(0, 10);
}
