// The offline analysis of one connection: every finding that needs no server, from the
// connection's effective settings (its driver's view of them) and its local files. The live
// diagnosis (diagnose.ts) starts from this and adds what the server shows (merge.ts).
import type { X509Certificate } from 'node:crypto';
import { dirname } from 'node:path';
import { checkDates } from '../certs/dates';
import { checkLocalFiles, type LocalFiles } from '../certs/files';
import { overLocalSocket } from '../checks/transport';
import { cloudFinding } from '../cloud';
import { driverName, effectiveTls, localSocketOf, type EffectiveTls } from '../drivers/effective';
import type { Connection, ParseProblem, TlsSettings } from '../model/connection';
import { finding, type Finding } from '../model/finding';
import type { FilePlace } from './place';
import { settingFindings } from './settings';

export interface StaticOptions {
  /** The text of conn.file: URL keys the reader does not keep (an ignored setting) are read from it. */
  text?: string;
  /** Folder relative file paths resolve against (default: the folder of conn.file). */
  baseDir?: string;
  now?: Date;
  warnDays?: number;
  /** What the file is to the application (place.ts); default: its running configuration. */
  place?: FilePlace;
}

export interface StaticAnalysis {
  eff: EffectiveTls;
  /** The local files as loaded (empty for a template, or paths no mount maps). */
  files: LocalFiles;
  findings: Finding[];
}

const DEFAULT_WARN_DAYS = 30;

export function analyzeStatic(conn: Connection, opts: StaticOptions = {}): StaticAnalysis {
  const eff = effectiveTls(conn);
  const now = opts.now ?? new Date();
  const warnDays = opts.warnDays ?? DEFAULT_WARN_DAYS;
  const place = opts.place ?? { kind: 'config' };
  const baseDir = opts.baseDir ?? (conn.file ? dirname(conn.file) : undefined);
  const files = place.kind === 'template' ? { findings: [] } : checkLocalFiles(filesOnThisMachine(withoutUnused(conn.tls, eff), place), { baseDir, now, warnDays, derCaAccepted: readsDerCa(eff) });
  const findings = [...files.findings, ...caFileDates(files.ca, eff, now, warnDays)];
  const socket = localSocketOf(conn, eff.driver);
  if (socket) {
    findings.push(overLocalSocket(socket, eff, conn.host));
  } else {
    findings.push(...modeFindings(eff));
    const cloud = cloudFinding(conn.host ?? 'localhost', conn.tls, eff);
    if (cloud) findings.push(cloud);
  }
  findings.push(...settingFindings(conn, eff, opts.text));
  if (eff.refusedBeforeConnecting) findings.push(refusedFinding(eff.refusedBeforeConnecting));
  return { eff, files, findings };
}

/** Settings the client itself refuses before any connection: nothing else can work until they change. */
function refusedFinding(r: NonNullable<EffectiveTls['refusedBeforeConnecting']>): Finding {
  return finding('unreadable-value', 'The client refuses these TLS settings before connecting', `${r.why}. Change the settings: no connection is attempted.`,
    { why: r.why }, [{ kind: 'set-ssl-mode', title: 'Verify the certificate and the host name (the secure setting this driver reads)', mode: 'VERIFY_IDENTITY', preferred: true }], r.param);
}

/** MariaDB Connector/J loads serverSslCert with Java's CertificateFactory, which reads DER and PEM
 *  alike (2.7 MariaDbX509TrustManager, 3.x the same); the others want PEM. */
function readsDerCa(eff: EffectiveTls): boolean {
  return eff.driver === 'mariadb-java';
}

/** The file settings the client really loads (a file it drops is neither trusted nor checked). */
function withoutUnused(tls: TlsSettings, eff: EffectiveTls): TlsSettings {
  if (!eff.unusedFiles?.length) return tls;
  const out: TlsSettings = { ...tls };
  for (const k of eff.unusedFiles) delete out[k];
  return out;
}

/**
 * The file settings as this machine sees them: a container's paths through the compose file's
 * mounts, and left out where nothing maps them (they name files inside the image).
 */
function filesOnThisMachine(tls: TlsSettings, place: FilePlace): TlsSettings {
  if (place.kind !== 'container') return tls;
  const out: TlsSettings = { ...tls };
  for (const k of ['ca', 'cert', 'key', 'capath', 'crl', 'trustStore'] as const) {
    const v = tls[k];
    if (v === undefined) continue;
    const mapped = place.mapPath?.(v);
    if (mapped) out[k] = mapped;
    else delete out[k];
  }
  return out;
}

/** What the client does with TLS, from its settings alone. */
function modeFindings(eff: EffectiveTls): Finding[] {
  if (eff.useTls === 'never') return [tlsNotUsed(eff)];
  const out: Finding[] = [];
  if (eff.useTls === 'if-offered') out.push(tlsOptional(eff));
  if (!eff.verifyChain) out.push(verificationOff(eff));
  return out;
}

function tlsNotUsed(eff: EffectiveTls): Finding {
  return finding(
    'tls-not-used',
    'This connection does not use TLS',
    `With these settings ${driverName(eff.driver)} (effective mode ${eff.mode}) connects in plaintext: the password and data cross the network in clear, ` +
      `and nothing proves the server is the right one.${notes(eff)} Require a verified TLS connection. With ${driverName(eff.driver)}: ${eff.secureSetting.replace(/\.$/, '')}.`,
    { clientMode: eff.mode, notes: eff.notes },
    [{ kind: 'set-ssl-mode', title: 'Require a verified TLS connection (ssl-mode=VERIFY_IDENTITY)', mode: 'VERIFY_IDENTITY', preferred: true }],
    'mode',
  );
}

function tlsOptional(eff: EffectiveTls): Finding {
  return finding(
    'tls-optional',
    `TLS only if the server offers it (${eff.mode}): a server without TLS gets the password in clear`,
    `${driverName(eff.driver)} with effective mode ${eff.mode} uses TLS when the server's greeting offers it and silently connects in plaintext when it does not, ` +
      `so a server with TLS turned off, or anyone in the path who strips the offer, receives the password and the data in clear.${notes(eff)} ` +
      `Require TLS, and verify the server: ${eff.secureSetting.replace(/\.$/, '')}.`,
    { clientMode: eff.mode, notes: eff.notes },
    [{ kind: 'set-ssl-mode', title: 'Require a verified TLS connection (ssl-mode=VERIFY_IDENTITY)', mode: 'VERIFY_IDENTITY', preferred: true }],
    'mode',
  );
}

/** The settings' side of `verification-disabled`; the live diagnosis replaces it with one that says whether verification would pass today. */
function verificationOff(eff: EffectiveTls): Finding {
  return finding(
    'verification-disabled',
    'TLS is used, but the client does not check the server certificate',
    `With ${eff.mode} (${eff.notes[0] ?? 'driver default'}) the connection is encrypted, but any server, including an attacker in the middle, is accepted. ` +
      `Give the server's CA and verify it: ${eff.secureSetting.replace(/\.$/, '')}. A diagnosis of the server tells whether verification would pass today.`,
    { clientMode: eff.mode },
    [{ kind: 'set-ssl-mode', title: 'Verify the server (ssl-mode=VERIFY_IDENTITY)', mode: 'VERIFY_IDENTITY' }],
    'mode',
  );
}

function notes(eff: EffectiveTls): string {
  return eff.notes.length ? ` (${eff.notes.join(' ')})` : '';
}

// Java's PKIX validation takes a trust anchor as it is, without reading its dates (checks/chain.ts).
const ANCHOR_DATES_UNCHECKED = new Set(['connector-j', 'mariadb-java']);

/**
 * Dates of the CA file's certificates, for a client that verifies. A bundle (RDS ships one) may
 * hold old certificates beside current ones: only a file with no certificate valid today is an
 * error, and one whose every valid certificate ends soon a warning. Evidence says `from: 'ca-file'`,
 * as the live diagnosis says of the same certificate on the path it builds.
 */
function caFileDates(ca: X509Certificate[] | undefined, eff: EffectiveTls, now: Date, warnDays: number): Finding[] {
  if (!ca?.length || !eff.verifyChain || ANCHOR_DATES_UNCHECKED.has(eff.driver)) return [];
  const valid = checkDates(ca, now, 0);
  const soon = checkDates(ca, now, warnDays);
  if (valid.length === ca.length) {
    // Every certificate is outside its validity: the latest one says it best.
    const d = valid.reduce((a, b) => (a.notAfter > b.notAfter ? a : b));
    const evidence = { index: d.index, from: 'ca-file', subject: d.subject, notBefore: d.notBefore, notAfter: d.notAfter, now: now.toISOString() };
    if (d.kind === 'expired') {
      return [finding('cert-expired', `CA certificate ${d.subject} in the CA file expired ${d.notAfter.slice(0, 10)}`,
        `Its validity ended ${d.days} day(s) ago, and the CA file holds no other valid certificate, so a client that verifies (${eff.mode}) rejects every server chain ` +
          '("certificate has expired", X509 error 10). Replace the CA file with the CA\'s renewed certificate (the same CA key re-signed with new dates keeps every issued certificate valid).',
        evidence, [{ kind: 'set-ca', title: 'Point the connection at the renewed CA certificate', preferred: true }], 'ca')];
    }
    return [finding('cert-not-yet-valid', `CA certificate ${d.subject} in the CA file is not valid before ${d.notBefore.slice(0, 10)}`,
      `Its validity starts in ${d.days} day(s): either it was issued with a future start date or this machine's clock is behind. Check the clock, or reissue it.`,
      evidence, [{ kind: 'set-ca', title: 'Point the connection at a CA certificate valid today', preferred: true }], 'ca')];
  }
  if (soon.length === ca.length) {
    // No certificate outlives the warning window, and some are valid today (the case above is not this).
    const live = soon.filter((d) => d.kind === 'expiring-soon');
    const d = live.reduce((a, b) => (a.notAfter > b.notAfter ? a : b));
    return [finding('cert-expiring-soon', `CA certificate ${d.subject} in the CA file expires in ${d.days} day(s), on ${d.notAfter.slice(0, 10)}`,
      'Every certificate of the CA file ends by then: renew the CA certificate (or get the CA\'s new one) and give it to the clients before that date.',
      { index: d.index, from: 'ca-file', subject: d.subject, notBefore: d.notBefore, notAfter: d.notAfter, now: now.toISOString() },
      [{ kind: 'set-ca', title: 'Point the connection at the renewed CA certificate', preferred: true }], 'ca')];
  }
  return [];
}

/**
 * A reading problem as a finding (`unreadable-value`) for `lint`: the client will fail on the value
 * or read it otherwise than the tool (error); a placeholder or a note of the reader is info.
 */
export function problemFinding(p: ParseProblem): Finding {
  const f = finding('unreadable-value', p.message, p.severity === 'error'
    ? 'The value cannot be read as this setting: the client stops with an error, or reads it otherwise than written. Fix the value.'
    : 'The reader could not judge this part as written (a placeholder filled in elsewhere, or more than it reads): check the value that is used.',
  { message: p.message });
  if (p.severity !== 'error') f.severity = 'info';
  f.span = p.span;
  return f;
}
