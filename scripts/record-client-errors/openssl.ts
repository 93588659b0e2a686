// `openssl s_client -starttls mysql`: one handshake, printing the verify result and the error.
import type { LabManifest, LabServerName } from '../../test/lab/manifest';
import type { FindingCode } from '../../src/engine/model/finding';
import type { Scenario } from './run';

/** s_client prints the whole session; the lines that say what went wrong are these. */
function errorLines(output: string): string {
  const keep = ['error', 'verify return code', 'does not support', 'alert', 'no peer certificate', 'cipher is (none)'];
  const lines = output.split('\n').filter((l) => {
    const lower = l.toLowerCase();
    return keep.some((k) => lower.includes(k)) && !lower.includes('verify return code: 0 (ok)');
  });
  return [...new Set(lines.map((l) => l.trim()))].join('\n');
}

function s(situation: string, lab: LabServerName, expect: FindingCode[], extra: (l: LabManifest) => string[], starttls = true): Scenario {
  return {
    client: 'openssl', situation, lab, expect, pick: errorLines,
    command: (l) => ({
      file: 'openssl',
      args: ['s_client', ...(starttls ? ['-starttls', 'mysql'] : []), '-connect', `127.0.0.1:${l.servers[lab].port}`, '-verify_return_error', ...extra(l)],
    }),
  };
}

export const opensslScenarios: Scenario[] = [
  s('expired server certificate', 'expired', ['cert-expired'], (l) => ['-CAfile', l.files.ca]),
  s('server certificate not yet valid', 'not-yet-valid', ['cert-not-yet-valid'], (l) => ['-CAfile', l.files.ca]),
  s('server certificate issued by another CA', 'other-ca', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], (l) => ['-CAfile', l.files.ca]),
  s('no intermediate sent, CA file holds only the root', 'no-intermediate', ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], (l) => ['-CAfile', l.files['root-only']]),
  s('host name checked against a certificate for db.example.com', 'wrong-san', ['hostname-mismatch'], (l) => ['-CAfile', l.files.ca, '-verify_hostname', 'localhost']),
  s('TLS 1.3 only client against a TLS 1.2-only server', 'tls12-only', ['tls-version-mismatch'], () => ['-tls1_3']),
  s('TLS 1.2 only client against a TLS 1.3-only server', 'tls13-only', ['tls-version-mismatch'], () => ['-tls1_2']),
  s('default client against a TLS 1.0/1.1-only server', 'legacy-only', ['tls-version-mismatch'], (l) => ['-CAfile', l.files.ca]),
  s('server chain checked without a CA file', 'healthy', ['ca-untrusted', 'ca-not-configured'], () => []),
  s('cipher the server does not accept', 'one-cipher', ['cipher-mismatch', 'tls-version-mismatch'], () => ['-tls1_2', '-cipher', 'AES256-SHA']),
  s('server with TLS disabled', 'tls-disabled', ['server-tls-disabled'], () => []),
  s('TLS without the MySQL STARTTLS step, to the MySQL port', 'healthy', ['server-tls-disabled', 'tls-version-mismatch'], () => [], false),
];
