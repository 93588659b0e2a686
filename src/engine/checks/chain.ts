import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { verifyChain, type ChainVerdict, type PathOrigin } from '../certs/chain';
import { checkDates, type DateIssue } from '../certs/dates';
import { matchHostname, type HostMatch, type HostRules } from '../certs/hostname';
import { driverName, type EffectiveTls } from '../drivers/effective';
import { finding, type Finding, type Fix } from '../model/finding';
import { listSummary } from '../report/summary';

export interface ChainContext {
  eff: EffectiveTls;
  /** The host name the client connects to (what it checks the certificate against). */
  host: string;
  presented: X509Certificate[];
  /** The certificates of the client's CA file, when it has a readable one. */
  caFile?: X509Certificate[];
  /** The CA setting names a file that could not be loaded: that file finding is the verdict on trust. */
  caFileBroken?: boolean;
  now: Date;
  warnDays: number;
}

/** A date problem of a certificate on the built path; `index` is its position on that path. */
export interface PathDateIssue extends DateIssue {
  from: PathOrigin;
}

export interface ChainFacts {
  verdict: ChainVerdict;
  hostMatch?: HostMatch;
  /** The name `hostMatch` is about (the one that fails, where the client checks several). */
  checkedName?: string;
  dates: PathDateIssue[];
}

/** What the client would conclude about the presented chain, whether or not it checks. */
export function chainFacts(c: ChainContext): ChainFacts {
  const trusted = c.caFile && c.caFile.length ? c.caFile : 'system';
  const verdict = verifyChain(c.presented, trusted, c.now);
  const host = c.presented[0] ? hostCheck(c, c.presented[0]) : undefined;
  const hostMatch = host && c.presented[0] ? withWorkingSuggestions(c, c.presented[0], host.match) : undefined;
  return { verdict, hostMatch, checkedName: host?.name, dates: pathDates(verdict, c) };
}

/**
 * Only the names this client would accept once it connects to them: a Node.js driver given an IP
 * checks the name "localhost" instead, so the certificate's IP address is no way out for it.
 */
function withWorkingSuggestions(c: ChainContext, leaf: X509Certificate, m: HostMatch): HostMatch {
  if (m.matches) return m;
  const suggestions = m.suggestions.filter((name) => hostCheck({ ...c, host: name }, leaf).match.matches);
  return suggestions.length === m.suggestions.length ? m : { ...m, suggestions, unusable: m.suggestions.filter((n) => !suggestions.includes(n)) };
}

/**
 * Dates along the path the client builds, trust anchor included (OpenSSL checks it too), not along
 * what the server sends: an unused extra certificate cannot fail the handshake.
 */
function pathDates(v: ChainVerdict, c: ChainContext): PathDateIssue[] {
  const issues = checkDates(v.path.map((p) => p.cert), c.now, c.warnDays).map((d) => ({ ...d, from: v.path[d.index].from }));
  if (!JAVA_DRIVERS.has(c.eff.driver) || v.status !== 'trusted') return issues;
  // Java's PKIX validation takes a trust anchor as it is, without reading its dates.
  return issues.filter((d) => d.from === 'server' || d.index !== v.path.length - 1);
}

const JAVA_DRIVERS = new Set(['connector-j', 'mariadb-java']);

/** Whether this client trusts by rules of its own that Node's (OpenSSL's) check does not share. */
export function ownTrustRules(eff: EffectiveTls): boolean {
  return JAVA_DRIVERS.has(eff.driver);
}

// libmysqlclient and MariaDB Connector/C (the mysql CLI, mysqlclient, the Ruby mysql2 gem) leave the host check to OpenSSL, and so does Connector/Python
// through its C extension (its default, use_pure=False, where installed); the others have their own.
const OPENSSL_HOST_CHECK = new Set(['mysql-cli', 'mysqlclient', 'ruby-mysql2', 'unknown', 'mysql-connector-python']);

/**
 * The names the client checks the certificate against, in its order. Node's tls.connect checks the
 * name "localhost" for an IP host, since the driver passes no servername (Node forbids an IP there)
 * and a socket connected to an IP keeps no host name (read in mysql2 3.x base/connection.js and
 * MariaDB Connector/Node.js 3.5 connection.js; measured with both: "Host: localhost. is not cert's
 * CN: 127.0.0.1"). MariaDB Connector/Node.js then checks the host as written as well, once logged
 * in (cmd/handshake/authentication.js, tls.checkServerIdentity(opts.host)).
 */
const NODE_IP_AS_LOCALHOST = new Set(['mysql2', 'mariadb-node']);

function checkedNames(c: ChainContext): string[] {
  if (isIP(c.host) === 0) return [c.host];
  if (c.eff.driver === 'mysql2') return ['localhost'];
  if (c.eff.driver === 'mariadb-node') return ['localhost', c.host];
  return [c.host];
}

/** The first name the client checks that the certificate fails, else the last one checked. */
function hostCheck(c: ChainContext, leaf: X509Certificate): { name: string; match: HostMatch } {
  const names = checkedNames(c);
  let last: { name: string; match: HostMatch } | undefined;
  for (const name of names) {
    last = { name, match: matchHostname(name, leaf, hostRules(c.eff)) };
    if (!last.match.matches) return last;
  }
  return last as { name: string; match: HostMatch };
}

/** Whose rules decide the host name for this connection's client. */
export function hostRules(eff: EffectiveTls): HostRules {
  // PyMySQL wraps its socket with Python's ssl module, which puts the question to OpenSSL its own way.
  if (eff.driver === 'pymysql') return 'python';
  return OPENSSL_HOST_CHECK.has(eff.driver) ? 'openssl' : 'node';
}

/** Findings for the presented chain, as THIS client will judge it. */
export function chainFindings(c: ChainContext, facts: ChainFacts): Finding[] {
  if (c.eff.useTls === 'never' || c.presented.length === 0) return [];
  if (!c.eff.verifyChain) return [verificationDisabled(c, facts)];
  return [...dateFindings(c, facts.dates), ...trustFindings(c, facts.verdict), ...hostFindings(c, facts.hostMatch, facts.checkedName)];
}

function verificationDisabled(c: ChainContext, f: ChainFacts): Finding {
  const wouldFail: string[] = [];
  if (f.verdict.status !== 'trusted') wouldFail.push(f.verdict.detail);
  for (const d of f.dates) if (d.kind !== 'expiring-soon') wouldFail.push(`${d.subject} is ${d.kind === 'expired' ? 'expired' : 'not yet valid'}`);
  if (f.hostMatch && !f.hostMatch.matches) wouldFail.push(`the certificate is not issued for ${c.host}`);
  const target = f.verdict.status === 'trusted' && f.hostMatch?.matches ? 'VERIFY_IDENTITY' : 'VERIFY_CA';
  return finding(
    'verification-disabled',
    'TLS is used, but the client does not check the server certificate',
    `With ${c.eff.mode} (${c.eff.notes[0] ?? 'driver default'}) the connection is encrypted, but any server, including an attacker in the middle, is accepted. ` +
      (wouldFail.length ? `Verification would fail today: ${wouldFail.join('; ')}.` : 'Verification would succeed today, so it can be turned on safely.') +
      secureSettingHint(c.eff),
    { clientMode: c.eff.mode, verdict: f.verdict.status, hostMatches: f.hostMatch?.matches, wouldFail },
    [{ kind: 'set-ssl-mode', title: `Verify the server (ssl-mode=${target})`, mode: target, preferred: wouldFail.length === 0 }],
    'mode',
  );
}

function dateFindings(c: ChainContext, dates: PathDateIssue[]): Finding[] {
  return dates.map((d) => {
    const who = role(d);
    const evidence = { index: d.index, from: d.from, subject: d.subject, notBefore: d.notBefore, notAfter: d.notAfter, now: c.now.toISOString() };
    const fixes = d.from === 'server' ? renewFixes(c.host) : d.from === 'ca-file' ? caRenewFixes(d) : SYSTEM_ROOT_FIXES;
    if (d.kind === 'expired') {
      return finding('cert-expired', `${who} expired ${d.notAfter.slice(0, 10)}`,
        `Its validity ended ${d.days} day(s) ago, so a client that verifies (${c.eff.mode}) rejects it ("certificate has expired", X509 error 10). ${renewAdvice(d)}`,
        evidence, fixes, d.from === 'ca-file' ? 'ca' : undefined);
    }
    if (d.kind === 'not-yet-valid') {
      return finding('cert-not-yet-valid', `${who} is not valid before ${d.notBefore.slice(0, 10)}`,
        `Its validity starts in ${d.days} day(s): either it was issued with a future start date or this machine's clock is behind. Check the clock, or reissue it.`,
        evidence, fixes, d.from === 'ca-file' ? 'ca' : undefined);
    }
    return finding('cert-expiring-soon', `${who} expires in ${d.days} day(s), on ${d.notAfter.slice(0, 10)}`,
      d.from === 'server' ? 'Renew it before then, with the same issuer so clients keep trusting it.' : `${renewAdvice(d)} Do it before then.`,
      evidence, fixes, d.from === 'ca-file' ? 'ca' : undefined);
  });
}

function role(d: PathDateIssue): string {
  if (d.from === 'ca-file') return `CA certificate ${d.subject} in the CA file`;
  if (d.from === 'system') return `Trusted root ${d.subject} of the system`;
  return d.index === 0 ? 'Server certificate' : `Chain certificate #${d.index} (${d.subject})`;
}

function renewAdvice(d: PathDateIssue): string {
  if (d.from === 'server') return 'Renew it on the server and reload TLS.';
  if (d.from === 'system') return "The chain ends at this root of the system's trust store: update the system's CA certificates, or give the client the CA file of the server's current chain.";
  return "The client's chain to the server runs through this certificate from its CA file. Replace the CA file with the CA's renewed certificate (the same CA key re-signed with new dates keeps every issued certificate valid); the server certificate need not change.";
}

function renewFixes(host: string): Fix[] {
  return [
    { kind: 'server-change', title: 'Renew the server certificate and reload it', preferred: true,
      commands: ['# after replacing the files named by ssl_cert / ssl_key:', 'FLUSH SSL;                -- MariaDB', 'ALTER INSTANCE RELOAD TLS; -- MySQL 8'] },
    { kind: 'generate-certs', title: `Generate a development CA and a certificate for ${host}`, hosts: [host] },
  ];
}

function caRenewFixes(d: PathDateIssue): Fix[] {
  return [
    { kind: 'set-ca', title: 'Point the connection at the renewed CA certificate', preferred: true },
    { kind: 'manual', title: `Renew the CA certificate ${d.subject} with its own key (where the CA key is kept)`,
      commands: ['openssl x509 -in ca.pem -signkey ca-key.pem -days 3650 -out ca-renewed.pem', '# give ca-renewed.pem to every client (and to ssl_ca on the server)'] },
  ];
}

// A public root is not renewed by its users: the system's store is updated, or the client is given the CA file.
const SYSTEM_ROOT_FIXES: Fix[] = [
  { kind: 'set-ca', title: "Point the connection at the CA file of the server's current chain", preferred: true },
  { kind: 'manual', title: "Update the system's CA certificates", commands: ['sudo update-ca-certificates   # Debian, Ubuntu', 'sudo update-ca-trust          # RHEL, Fedora'] },
];

function trustFindings(c: ChainContext, v: ChainVerdict): Finding[] {
  // Judging the chain against the system roots instead would add a misleading "no CA configured".
  if (v.status === 'trusted' || v.status === 'no-chain' || c.caFileBroken) return [];
  const evidence = { status: v.status, issuer: c.presented[0]?.issuer, missingIssuer: v.missingIssuer, trustedIssuers: v.expectedIssuers, detail: v.detail };
  const hasCaFile = !!(c.caFile && c.caFile.length);
  if (!hasCaFile && !trustOutOfReach(c.eff)) {
    return [finding('ca-not-configured', 'Verification is on, but no CA is given and the chain is not publicly trusted',
      `${v.detail} The client checks the chain against the system's public roots, and this chain does not lead to one. Give the client the CA that issued the server certificate.` +
        secureSettingHint(c.eff),
      evidence, [{ kind: 'set-ca', title: 'Point the connection at the CA that issued the server certificate', preferred: true }], 'ca')];
  }
  if (!hasCaFile) return [];
  if (v.status === 'intermediate-missing') {
    return [finding('intermediate-missing', 'The server sends no intermediate certificate, and the CA file holds only the root',
      `${v.detail} Clients verify leaf -> intermediate -> root, so the chain cannot be completed ("unable to get local issuer certificate", X509 error 20).`,
      evidence,
      [
        { kind: 'server-change', title: 'Send the intermediate from the server (ssl_cert = leaf followed by intermediate)', preferred: true,
          commands: ['cat server-cert.pem intermediate.pem > server-chain.pem', '# my.cnf [mysqld]: ssl_cert = /path/server-chain.pem', 'FLUSH SSL;   -- MariaDB; MySQL 8: ALTER INSTANCE RELOAD TLS'] },
        { kind: 'set-ca', title: 'Or point the client at a CA bundle that also holds the intermediate' },
      ], 'ca')];
  }
  return [finding('ca-untrusted', `The server's chain is not issued by the CA the client trusts`,
    `${v.detail} The client stops with "certificate verify failed" (X509 error ${v.status === 'self-signed' ? '18/19, self-signed' : '20, unable to get local issuer certificate'}).`,
    evidence, [{ kind: 'set-ca', title: 'Point the connection at the CA that issued the server certificate', preferred: true }], 'ca')];
}

const HOST_FIXES_SHOWN = 3;

function hostFindings(c: ChainContext, m: HostMatch | undefined, name = c.host): Finding[] {
  if (!c.eff.verifyHostname || !m || m.matches) return [];
  // A few names to switch to are a choice; thousands (a certificate for a whole fleet) are noise.
  const fixes: Fix[] = m.suggestions.slice(0, HOST_FIXES_SHOWN).map((name, i) => ({ kind: 'set-host' as const, title: `Connect to ${name} (a name the certificate is issued for)`, host: name, preferred: i === 0 }));
  fixes.push({ kind: 'set-ssl-mode', title: 'Use ssl-mode=VERIFY_CA: gives up checking that the certificate belongs to this host name', mode: 'VERIFY_CA' });
  fixes.push({ kind: 'generate-certs', title: `Reissue the server certificate with ${name} in its SANs`, hosts: [...new Set([name, c.host])] });
  const asked = name === c.host ? '' : `${driverName(c.eff.driver)} connects to the IP address ${c.host} but checks the name ${name} (Node.js gets no server name for an IP). `;
  const noWayByIp = m.unusable?.length && NODE_IP_AS_LOCALHOST.has(c.eff.driver)
    ? `Connecting to ${listSummary(m.unusable)} would not help: ${driverName(c.eff.driver)} checks the name localhost for an IP address (Node.js gets no server name for an IP). `
    : '';
  return [finding('hostname-mismatch', `The certificate is not issued for ${name}`,
    `${asked}The client checks the host name (${c.eff.mode}); the certificate's ${m.via === 'san' ? 'SANs are' : 'CN is'} ${listSummary(m.names) || '(none)'}. ` +
      // The note says why a name that looks right is refused (a CN holding the IP, say).
      (m.note ? `${m.note} ` : '') +
      noWayByIp +
      (m.suggestions.length ? 'Connect with a name it is issued for, or reissue it with this name in its SANs.' : 'Reissue it with this name in its SANs.'),
    { host: c.host, names: m.names, via: m.via, suggestions: m.suggestions }, fixes, 'host')];
}

/** How this driver spells the secure setting, for the finding's detail. */
function secureSettingHint(eff: EffectiveTls): string {
  return ` With ${driverName(eff.driver)}: ${eff.secureSetting.replace(/\.$/, '')}.`;
}

/** A Java trust store or a named profile (Go tls=<name>, mysql2 ssl=<profile>) holds the CAs where this tool cannot read them. */
export function trustOutOfReach(eff: EffectiveTls): boolean {
  return eff.caSource === 'truststore' || eff.caSource === 'profile';
}
