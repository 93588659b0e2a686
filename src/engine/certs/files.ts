import { createHash, createPrivateKey, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import type { TlsSettings } from '../model/connection';
import { finding, type Finding } from '../model/finding';
import { classifyBytes, type FileContent } from './classify';
import { checkDates } from './dates';
import { faultFinding, SETTING, shellQuote, type Slot } from './file-findings';
import { isRelativePath, pathState, resolveConfiguredPath } from './paths';
import type { PemBlock } from './pem';
import { basename } from 'node:path';
import { readLocalFile } from './read-file';
import { certificateOfBlock, dn, isCertificateLabel, parseCertificate } from './x509';

export interface LocalFiles {
  findings: Finding[];
  /** The CA file's certificates (also when the file is DER: what it would hold once converted). */
  ca?: X509Certificate[];
  clientCert?: X509Certificate;
  /** The client key, when it loads without a passphrase. */
  clientKey?: KeyObject;
}

export interface LocalFilesOptions {
  /** The folder of the file that configures the paths; relative paths resolve against it. */
  baseDir?: string;
  now: Date;
  warnDays: number;
  /** The client reads a DER certificate where the CA goes as well as PEM (Java's CertificateFactory). */
  derCaAccepted?: boolean;
}

/**
 * The local files a client is configured with (ssl-ca, ssl-cert, ssl-key, ssl-capath), checked
 * as the client would load them. Findings point at the setting ('ca' | 'cert' | 'key' | 'capath')
 * and never carry key material.
 */
export function checkLocalFiles(tls: TlsSettings, o: LocalFilesOptions): LocalFiles {
  const out: LocalFiles = { findings: [] };
  const ca = tls.ca ? loadSlot('ca', tls.ca, o.baseDir, tls, o.derCaAccepted) : undefined;
  const cert = tls.cert ? loadSlot('cert', tls.cert, o.baseDir, tls) : undefined;
  const key = tls.key ? loadSlot('key', tls.key, o.baseDir, tls) : undefined;
  for (const s of [ca, cert, key]) if (s?.finding) out.findings.push(s.finding);
  if (tls.capath) out.findings.push(...checkCapath(tls.capath, o.baseDir));
  if (tls.trustStore) out.findings.push(...checkTrustStore(tls.trustStore, o.baseDir));
  const unpaired = tls.cert && !tls.key ? halfPair('cert', cert) : tls.key && !tls.cert ? halfPair('key', key) : undefined;
  if (unpaired) out.findings.push(unpaired);
  if (ca?.certs) out.ca = ca.certs;
  if (cert?.certs?.length) out.clientCert = cert.certs[0];
  // Like libmysqlclient, a key missing from the settings is looked for in the certificate file.
  const clientKey = key ? key.key : tls.key === undefined ? cert?.key : undefined;
  if (clientKey) out.clientKey = clientKey;
  if (out.clientCert) out.findings.push(...clientCertDates(out.clientCert, cert!.path!, o));
  if (out.clientCert && out.clientKey) {
    const mismatch = keyMismatch(out.clientCert, out.clientKey, cert!.path!, key?.path ?? cert!.path!);
    if (mismatch) out.findings.push(mismatch);
  }
  return out;
}

interface SlotResult {
  path?: string;
  finding?: Finding;
  certs?: X509Certificate[];
  key?: KeyObject;
  /** The PEM blocks of the file, when it is PEM. */
  blocks?: PemBlock[];
}

function loadSlot(slot: Slot, configured: string, baseDir: string | undefined, tls: TlsSettings, derAccepted = false): SlotResult {
  const resolved = resolveConfiguredPath(configured, baseDir);
  if ('error' in resolved) return { finding: faultFinding(slot, { configured, path: configured, fault: 'bad-url', reason: resolved.error }) };
  const path = resolved.path;
  const ctx = { configured, path, relative: isRelativePath(configured), baseDir };
  const read = readLocalFile(path);
  if (!read.ok) return { path, finding: faultFinding(slot, { ...ctx, ...read }) };
  const content = classifyBytes(read.bytes);
  const r = slot === 'key' ? interpretKey(content, tls) : interpretCerts(content, slot, read.bytes, derAccepted);
  const blocks = content.form === 'pem' ? content.blocks : undefined;
  return { path, certs: r.certs, key: r.key, blocks, finding: r.fault ? faultFinding(slot, { ...ctx, ...r.fault }) : undefined };
}

/** What went wrong with a file's content, for faultFinding. */
interface ContentFault {
  fault: 'empty' | 'truncated' | 'wrong-kind' | 'der' | 'encrypted';
  found: string;
  line?: number;
  /** For DER: the PEM label the converted file gets. */
  label?: string;
}

interface Interpreted {
  certs?: X509Certificate[];
  key?: KeyObject;
  fault?: ContentFault;
}

function interpretCerts(c: FileContent, slot: Slot, bytes: Buffer, derAccepted: boolean): Interpreted {
  if (c.form === 'pem') return { ...certsFromPem(c.blocks), key: slot === 'cert' ? keyBesideCert(c.blocks) : undefined };
  if (c.form === 'der' && c.what === 'certificate') {
    // Kept, so the chain can be judged as it will be once the file is converted.
    const cert = parseCertificate(bytes);
    if (derAccepted && cert) return { certs: [cert] };
    return { certs: cert ? [cert] : undefined, fault: { fault: 'der', found: 'a DER (binary) certificate', label: 'CERTIFICATE' } };
  }
  return { fault: otherContent(c, slot) };
}

function certsFromPem(blocks: PemBlock[]): Interpreted {
  const certBlocks = blocks.filter((b) => isCertificateLabel(b.label));
  if (certBlocks.length === 0) return { fault: wrongPemKind(blocks) };
  const certs: X509Certificate[] = [];
  for (const b of certBlocks) {
    const broken = blockProblem(b);
    if (broken) return { fault: broken };
    const cert = certificateOfBlock(b.label, b.der!);
    if (!cert) return { fault: { fault: 'truncated', found: `a ${b.label} block that does not decode as a certificate`, line: b.line } };
    certs.push(cert);
  }
  return { certs };
}

function interpretKey(c: FileContent, tls: TlsSettings): Interpreted {
  if (c.form === 'pem') return keyFromPem(c.blocks, tls);
  if (c.form === 'der' && (c.what === 'private-key' || c.what === 'encrypted-private-key')) {
    const found = c.what === 'private-key' ? 'a DER (binary) private key' : 'a DER (binary) encrypted private key';
    return { fault: { fault: 'der', found, label: c.label } };
  }
  return { fault: otherContent(c, 'key') };
}

const KEY_SUFFIX = 'PRIVATE KEY';

/** A usable key in the certificate file itself (a combined PEM); its faults are not this slot's. */
function keyBesideCert(blocks: PemBlock[]): KeyObject | undefined {
  return blocks.some((b) => b.label.endsWith(KEY_SUFFIX)) ? keyFromPem(blocks, {}).key : undefined;
}

function keyFromPem(blocks: PemBlock[], tls: TlsSettings): Interpreted {
  const b = blocks.find((x) => x.label.endsWith(KEY_SUFFIX));
  if (!b) return { fault: wrongPemKind(blocks, 'a private key') };
  if (b.label === 'OPENSSH PRIVATE KEY') return { fault: { fault: 'wrong-kind', found: 'an OpenSSH private key (OPENSSH PRIVATE KEY)', line: b.line } };
  const broken = blockProblem(b);
  if (broken) return { fault: broken };
  const encrypted = b.label === 'ENCRYPTED PRIVATE KEY' || (b.headers['Proc-Type'] ?? '').includes('ENCRYPTED');
  if (encrypted) {
    // With a passphrase configured the client can open it; without its value, so can't we.
    if (tls.keyPassphrase) return {};
    const found = b.label === 'ENCRYPTED PRIVATE KEY' ? 'ENCRYPTED PRIVATE KEY' : `${b.label} with Proc-Type: 4,ENCRYPTED`;
    return { fault: { fault: 'encrypted', found, line: b.line } };
  }
  try {
    return { key: createPrivateKey(pemOf(b)) };
  } catch {
    return { fault: { fault: 'truncated', found: `a ${b.label} block that does not decode as a key`, line: b.line } };
  }
}

function pemOf(b: PemBlock): string {
  return `-----BEGIN ${b.label}-----\n${b.der!.toString('base64')}\n-----END ${b.label}-----\n`;
}

function blockProblem(b: PemBlock): ContentFault | undefined {
  if (b.problem === 'no-end') return { fault: 'truncated', found: `a ${b.label} block without its END line`, line: b.line };
  if (b.problem === 'bad-base64') return { fault: 'truncated', found: `a ${b.label} block whose base64 is damaged`, line: b.line };
  if (b.problem === 'empty') return { fault: 'truncated', found: `an empty ${b.label} block`, line: b.line };
  return undefined;
}

function wrongPemKind(blocks: PemBlock[], wanted = 'a certificate'): ContentFault {
  const first = blocks.find((b) => b.label.endsWith(KEY_SUFFIX)) ?? blocks[0];
  const labels = [...new Set(blocks.map((b) => b.label))].join(', ');
  return { fault: 'wrong-kind', found: labels || 'a PEM marker without a label', line: first?.line, label: wanted };
}

function otherContent(c: FileContent, slot: Slot): ContentFault {
  switch (c.form) {
    case 'empty':
      return { fault: 'empty', found: 'an empty file' };
    case 'keystore':
      return { fault: 'wrong-kind', found: `a Java keystore (${c.what})` };
    case 'text':
      return { fault: 'wrong-kind', found: 'text without any -----BEGIN ...----- block' };
    case 'binary':
      return { fault: 'wrong-kind', found: 'binary data that is neither PEM nor DER' };
    case 'der':
      if (c.truncated) return { fault: 'truncated', found: 'DER (binary) data that is cut off' };
      return { fault: 'wrong-kind', found: DER_NAMES[c.what] };
    default:
      return { fault: 'wrong-kind', found: slot === 'key' ? 'certificates' : 'something else' };
  }
}

const DER_NAMES: Record<string, string> = {
  certificate: 'a DER (binary) certificate',
  'private-key': 'a DER (binary) private key',
  'encrypted-private-key': 'a DER (binary) encrypted private key',
  'public-key': 'a DER (binary) public key',
  pkcs12: 'a PKCS#12 bundle (.p12/.pfx)',
  unknown: 'binary ASN.1 data that is neither a certificate nor a key',
};

/**
 * ssl-cert without ssl-key (or ssl-key without ssl-cert): the client looks for the other half in
 * the same file, and when it is not there fails before the handshake (the mariadb client says
 * "TLS/SSL error: unsupported"). Only judged when the file that is set loaded cleanly.
 */
function halfPair(given: 'cert' | 'key', r: SlotResult | undefined): Finding | undefined {
  if (!r?.path || r.finding || !r.blocks) return undefined;
  const wantKey = given === 'cert';
  const has = r.blocks.some((b) => (wantKey ? b.label.endsWith(KEY_SUFFIX) : isCertificateLabel(b.label)));
  if (has) return undefined;
  const missing: Slot = wantKey ? 'key' : 'cert';
  const what = wantKey ? 'private key' : 'certificate';
  const title = wantKey
    ? `Client certificate without its key: ssl-key is not set and ${basename(r.path)} holds no private key`
    : `Client key without its certificate: ssl-cert is not set and ${basename(r.path)} holds no certificate`;
  const detail =
    `${SETTING[given]} is set (${r.path}) but ${SETTING[missing]} is not, and ${r.path} holds no ${what}. ` +
    `The client then looks for the ${what} in that same file, finds none and fails before the handshake ` +
    '(the mariadb client: "TLS/SSL error: unsupported"), so no client certificate is presented. ' +
    `Set ${SETTING[missing]} to the ${what} that belongs with it, or remove ${SETTING[given]} if no client certificate is needed.`;
  return finding('file-wrong-kind', title, detail,
    { path: r.path, setting: SETTING[missing], [wantKey ? 'sslKey' : 'sslCert']: 'not set', found: `no ${what} in ${r.path}` },
    [{ kind: 'manual', title: `Set ${SETTING[missing]} to the ${what} that belongs with ${basename(r.path)}`, preferred: true }],
    missing);
}

// A JDBC trust store may be a URL of any scheme (http:, classpath:...): only paths and file: URLs are checked.
function checkTrustStore(configured: string, baseDir: string | undefined): Finding[] {
  const v = configured.trim();
  if (v === '' || (/^[a-z][a-z0-9+.-]+:/i.test(v) && !/^file:/i.test(v))) return [];
  const resolved = resolveConfiguredPath(v, baseDir);
  if ('error' in resolved) return [faultFinding('trustStore', { configured, path: configured, fault: 'bad-url', reason: resolved.error })];
  // Its content is the JVM's business (JKS, PKCS#12...): only whether the file is there and readable.
  const state = pathState(resolved.path);
  if (state.kind === 'file' || state.kind === 'special') return [];
  const ctx = { configured, path: resolved.path, relative: isRelativePath(configured), baseDir };
  if (state.kind === 'directory') return [faultFinding('trustStore', { ...ctx, fault: 'directory' })];
  return [faultFinding('trustStore', { ...ctx, fault: state.kind, code: state.code })];
}

function checkCapath(configured: string, baseDir: string | undefined): Finding[] {
  const resolved = resolveConfiguredPath(configured, baseDir);
  if ('error' in resolved) return [faultFinding('capath', { configured, path: configured, fault: 'bad-url', reason: resolved.error })];
  const state = pathState(resolved.path);
  if (state.kind === 'directory') return [];
  const ctx = { configured, path: resolved.path, relative: isRelativePath(configured), baseDir };
  if (state.kind === 'missing' || state.kind === 'unreadable') return [faultFinding('capath', { ...ctx, fault: state.kind, code: state.code })];
  return [faultFinding('capath', { ...ctx, fault: 'wrong-kind', found: 'a file, not a directory' })];
}

function clientCertDates(cert: X509Certificate, path: string, o: LocalFilesOptions): Finding[] {
  return checkDates([cert], o.now, o.warnDays).map((d) => {
    const evidence = { path, from: 'client-cert', subject: d.subject, notBefore: d.notBefore, notAfter: d.notAfter, now: o.now.toISOString() };
    const renew = { kind: 'manual' as const, title: 'Issue a new client certificate from the CA the server trusts (its ssl_ca)', preferred: true };
    if (d.kind === 'expiring-soon') {
      return finding('cert-expiring-soon', `Client certificate expires in ${d.days} day(s), on ${d.notAfter.slice(0, 10)}`,
        `${d.subject} (${path}) stops being accepted by the server then. Issue a new one before that date.`, evidence, [renew], 'cert');
    }
    const title = d.kind === 'expired'
      ? `Client certificate expired ${d.notAfter.slice(0, 10)}`
      : `Client certificate is not valid before ${d.notBefore.slice(0, 10)}`;
    return finding('client-cert-expired', title,
      `${d.subject} (${path}) is valid from ${d.notBefore} to ${d.notAfter}; the server rejects it during the handshake ` +
        `("certificate expired" / "certificate is not yet valid" alert), so accounts that REQUIRE X509 cannot log in.`,
      evidence, [renew], 'cert');
  });
}

/** Key and certificate belong together when their public keys are the same (SPKI bytes). */
function keyMismatch(cert: X509Certificate, key: KeyObject, certPath: string, keyPath: string): Finding | undefined {
  let certSpki: Buffer;
  let keySpki: Buffer;
  try {
    certSpki = cert.publicKey.export({ type: 'spki', format: 'der' });
    keySpki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  } catch {
    return undefined;
  }
  if (certSpki.equals(keySpki)) return undefined;
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  return finding('key-cert-mismatch', 'The client key does not belong to the client certificate',
    `${keyPath} is not the private key of ${dn(cert.subject)} (${certPath}): their public keys differ. ` +
      'The client cannot use the pair ("key values mismatch"), so no client certificate reaches the server.',
    { certPath, keyPath, certSubject: dn(cert.subject), certPublicKeySha256: sha(certSpki), keyPublicKeySha256: sha(keySpki) },
    [{ kind: 'manual', title: `Point ssl-key at the key made together with ${certPath}`, preferred: true,
      commands: [`openssl x509 -noout -pubkey -in ${shellQuote(certPath)} | openssl sha256`, `openssl pkey -pubout -in ${shellQuote(keyPath)} | openssl sha256`, '# the two hashes must be equal'] }],
    'key');
}
