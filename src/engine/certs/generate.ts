import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import forge from 'node-forge';
import { isDnsName } from './hostname';
import { ipToBytes } from './ip';
import { explainErrno, explainFsError } from './read-file';

/** A certificate with its private key, both PEM. `subject` is the DN as `CN=...`. */
export interface Issued {
  certPem: string;
  keyPem: string;
  subject: string;
}

export interface CertOptions {
  cn: string;
  /** SANs: DNS names or IPs (IPv4/IPv6). */
  hosts?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** Hex; random when absent. */
  serial?: string;
  keyBits?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Backdated a little so a freshly made certificate is valid on a server whose clock is behind.
const CLOCK_SKEW_MS = 60 * 60 * 1000;

/** A root CA, or an intermediate CA when `issuer` is given. */
export function createCa(o: CertOptions & { pathLen?: number }, issuer?: Issued): Issued {
  const basic: Record<string, unknown> = { name: 'basicConstraints', cA: true, critical: true };
  if (o.pathLen !== undefined) basic.pathLenConstraint = o.pathLen;
  return issue(o, 3650, issuer, [
    basic,
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
  ]);
}

/** A server certificate (serverAuth) whose SANs are exactly `o.hosts` (none when absent). */
export function createServerCert(issuer: Issued, o: CertOptions): Issued {
  return issue(o, 825, issuer, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    ...sanExtension(o.hosts),
  ]);
}

/** A client certificate (clientAuth) for REQUIRE X509 accounts. */
export function createClientCert(issuer: Issued, o: CertOptions): Issued {
  return issue(o, 825, issuer, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
    ...sanExtension(o.hosts),
  ]);
}

/** The key as an encrypted PKCS#8 PEM (`ENCRYPTED PRIVATE KEY`, AES-256-CBC). */
export function encryptKey(keyPem: string, passphrase: string): string {
  return createPrivateKey(keyPem)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    .toString();
}

function issue(o: CertOptions, defaultDays: number, issuer: Issued | undefined, extensions: object[]): Issued {
  const keys = newKeyPair(o.keyBits ?? 2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = o.serial ?? randomSerial();
  const notBefore = o.notBefore ?? new Date(Date.now() - CLOCK_SKEW_MS);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = o.notAfter ?? new Date(notBefore.getTime() + defaultDays * DAY_MS);
  const subject = [{ shortName: 'CN', value: o.cn }];
  cert.setSubject(subject);

  const signer = issuer ? forge.pki.certificateFromPem(issuer.certPem) : cert;
  const signerKey = forge.pki.privateKeyFromPem(issuer ? issuer.keyPem : keys.privatePem);
  cert.setIssuer(signer.subject.attributes);
  // The AKI must name the issuer's key, so it is computed from the signer, not from `cert`.
  const aki = signer.generateSubjectKeyIdentifier().getBytes();
  cert.setExtensions([
    ...extensions,
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: aki },
  ]);
  cert.sign(signerKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privatePem, subject: `CN=${o.cn}` };
}

// node:crypto makes the key in native code; forge's pure-JS RSA keygen takes seconds.
function newKeyPair(bits: number): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicPem: publicKey, privatePem: privateKey };
}

/** 16 random bytes with the top bit clear, so the DER INTEGER stays positive. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function sanExtension(hosts: string[] | undefined): object[] {
  if (!hosts || hosts.length === 0) return [];
  return [{ name: 'subjectAltName', altNames: hosts.map(altName) }];
}

/** Bad input to the generator (a host that is no name, a non-positive validity): exit 2 material. */
export class CertInputError extends Error {}

/** The output folder already holds a file of the set, and replacing it was not asked for. */
export class CertFilesExistError extends CertInputError {
  constructor(readonly file: string) {
    super(`${file} already exists: nothing was written, the existing set is kept`);
  }
}

/** Why `host` cannot be a SAN, or undefined when it can. */
export function invalidHost(host: string): string | undefined {
  if (ipToBytes(host)) return undefined;
  const name = cleanHost(host);
  // "300.1.1.1" is no IPv4 address, and resolvers would take it as one rather than as a name.
  if (/^[0-9.]+$/.test(name)) return `"${host}" is not a valid IPv4 address (each part must be 0-255)`;
  if (isSanName(name)) return undefined;
  return `"${host}" is neither a DNS name nor an IP address`;
}

function cleanHost(host: string): string {
  return host.trim().replace(/\.$/, '').toLowerCase();
}

function altName(host: string): { type: number; value: string } {
  const ip = ipToBytes(host);
  if (ip) return { type: 7, value: ip.toString('binary') };
  const problem = invalidHost(host);
  if (problem) throw new CertInputError(problem);
  return { type: 2, value: cleanHost(host) };
}

/** A DNS name for a SAN: the shared host-name rule, with `*` allowed as the whole leftmost label. */
function isSanName(name: string): boolean {
  return isDnsName(name.startsWith('*.') ? name.slice(2) : name);
}

export interface DevCertificateFiles {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert?: string;
  clientKey?: string;
}

export interface DevCertificates {
  files: DevCertificateFiles;
  /** my.cnf `[mysqld]` lines, then how to reload them without a restart. */
  serverConfig: string[];
  /** my.cnf `[client]` lines that verify the server with the new CA (and present the client cert). */
  clientConfig: string[];
  /** Client files of a replaced set, removed because the new CA did not issue them. */
  removed: string[];
}

/** Every file a set may have; one of them present means a set is there. */
const SET_FILES = ['ca.pem', 'server-cert.pem', 'server-key.pem', 'client-cert.pem', 'client-key.pem'];

/**
 * `mysql-tls-doctor certs`: a dev CA + server cert whose SANs are exactly `hosts` (+ client cert),
 * written to outDir with keys at mode 0600; returns the paths and the server/client lines to use them.
 * The CA key is not written: nothing else can be signed with it, which is what a dev CA wants.
 */
/** A development certificate's longest life: 100 years keeps the CA's end (it outlives the
 *  server certificate by a year) far inside what X.509 dates can hold. */
export const MAX_CERT_DAYS = 36500;

export async function writeDevCertificates(
  outDir: string,
  hosts: string[],
  o: { client?: boolean; days?: number; overwrite?: boolean } = {},
): Promise<DevCertificates> {
  const names = [...new Set(hosts.map((h) => h.trim()).filter((h) => h !== ''))];
  if (names.length === 0) throw new CertInputError('give at least one host name or IP address (--host)');
  const bad = names.map(invalidHost).find((p) => p !== undefined);
  if (bad) throw new CertInputError(`${bad} (--host)`);
  const days = o.days ?? 825;
  if (!Number.isInteger(days) || days < 1 || days > MAX_CERT_DAYS) throw new CertInputError(`days must be a whole number from 1 to ${MAX_CERT_DAYS}, got ${o.days}`);
  const notBefore = new Date(Date.now() - CLOCK_SKEW_MS);
  const notAfter = new Date(notBefore.getTime() + days * DAY_MS);
  // The CA outlives what it issues, so renewing the server certificate does not mean a new CA.
  const caNotAfter = new Date(notBefore.getTime() + Math.max(3650, days + 365) * DAY_MS);
  const ca = createCa({ cn: 'MySQL TLS Doctor dev CA', notBefore, notAfter: caNotAfter, pathLen: 0 });
  const server = createServerCert(ca, { cn: commonNameFor(names[0]), hosts: names, notBefore, notAfter });

  const dir = resolve(outDir);
  prepareOutDir(dir);
  const present = setFilesIn(dir);
  // Keys a server may be using are not replaced by accident; a stale client pair never sits beside a new CA.
  if (present.length && !o.overwrite) throw new CertFilesExistError(present[0]);
  const parts: SetFile[] = [
    { name: 'ca.pem', text: ca.certPem, mode: 0o644 },
    { name: 'server-cert.pem', text: server.certPem, mode: 0o644 },
    { name: 'server-key.pem', text: server.keyPem, mode: 0o600 },
  ];
  if (o.client) {
    const client = createClientCert(ca, { cn: 'mysql-tls-doctor-client', notBefore, notAfter });
    parts.push({ name: 'client-cert.pem', text: client.certPem, mode: 0o644 }, { name: 'client-key.pem', text: client.keyPem, mode: 0o600 });
  }
  const [caPath, serverCert, serverKey, clientCert, clientKey] = writeSet(dir, parts);
  const files: DevCertificateFiles = { ca: caPath, serverCert, serverKey };
  if (clientCert && clientKey) Object.assign(files, { clientCert, clientKey });
  const removed = o.client ? [] : removeFiles(present.filter((p) => /client-(cert|key)\.pem$/.test(p)));
  return { files, serverConfig: serverLines(files), clientConfig: clientLines(files), removed };
}

/** The files of a set already in `dir` (empty when none): `ca.pem`, `server-key.pem`... */
export function setFilesIn(dir: string): string[] {
  return SET_FILES.map((f) => join(resolve(dir), f)).filter(exists);
}

/** Present as a directory entry, a dangling symbolic link included. */
function exists(path: string): boolean {
  return lstatOrUndefined(path) !== undefined;
}

function removeFiles(paths: string[]): string[] {
  for (const path of paths) {
    try {
      rmSync(path, { force: true });
    } catch (e) {
      throw new CertInputError(`cannot remove the old ${path}: ${explainFsError(e, 'write')}`);
    }
  }
  return paths;
}

// A CN is limited to 64 characters; the SANs carry the real names anyway.
function commonNameFor(host: string): string {
  return host.length <= 64 ? host : 'MySQL dev server';
}

interface SetFile {
  name: string;
  text: string;
  mode: number;
}

/**
 * Writes every file under a temporary name first, then renames each into place. A write that fails
 * leaves the old set whole, and a rename replaces a symbolic link at a set's name instead of writing
 * through it into a file outside the set (writeFile would follow the link).
 */
function writeSet(dir: string, parts: SetFile[]): string[] {
  const staged: string[] = [];
  try {
    for (const p of parts) staged.push(stage(dir, p));
    const paths = parts.map((p) => join(dir, p.name));
    const blocked = paths.find((path) => lstatOrUndefined(path)?.isDirectory());
    if (blocked) throw new CertInputError(`cannot write ${blocked}: ${explainErrno('EISDIR', 'write')}`);
    paths.forEach((path, i) => renameInto(staged[i], path));
    return paths;
  } finally {
    for (const tmp of staged) rmSync(tmp, { force: true });
  }
}

function stage(dir: string, p: SetFile): string {
  const tmp = join(dir, `.${p.name}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, p.text, { mode: p.mode, flag: 'wx' });
    chmodSync(tmp, p.mode); // the umask may have narrowed the mode given at creation
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new CertInputError(`cannot write ${join(dir, p.name)}: ${explainFsError(e, 'write')}`);
  }
  return tmp;
}

function renameInto(tmp: string, path: string): void {
  try {
    renameSync(tmp, path);
  } catch (e) {
    throw new CertInputError(`cannot write ${path}: ${explainFsError(e, 'write')}`);
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

// Pseudo file systems: nothing belongs there, and Node 20's recursive mkdir can loop forever in them.
const PSEUDO_FS = ['/proc', '/sys'];

/** The output folder, created when missing; bad places and fs errors become CertInputError. */
function prepareOutDir(dir: string): void {
  const real = realOfNearest(dir);
  const pseudo = PSEUDO_FS.find((p) => real === p || real.startsWith(p + sep) || dir === p || dir.startsWith(p + sep));
  if (pseudo) throw new CertInputError(`${dir} is under ${pseudo}, which cannot hold certificate files (--out)`);
  let isDir: boolean | undefined;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = undefined;
  }
  if (isDir === false) throw new CertInputError(`${dir} exists and is not a directory (--out)`);
  if (isDir) return;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new CertInputError(`cannot create the folder ${dir}: ${explainFsError(e, 'write')} (--out)`);
  }
}

/** `dir` with its nearest existing ancestor's symbolic links resolved. */
function realOfNearest(dir: string): string {
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    const real = realpathSync(existing);
    return existing === dir ? real : join(real, dir.slice(existing.length));
  } catch {
    return dir;
  }
}

function serverLines(f: DevCertificateFiles): string[] {
  return [
    '[mysqld]',
    `ssl_ca=${optionValue(f.ca)}`,
    `ssl_cert=${optionValue(f.serverCert)}`,
    `ssl_key=${optionValue(f.serverKey)}`,
    '# The key is readable by its owner only: chown it to the user mysqld runs as.',
    '# Reload without a restart:',
    '#   MariaDB 10.4+:   FLUSH SSL;',
    '#   MySQL 8.0.16+:   ALTER INSTANCE RELOAD TLS;',
  ];
}

function clientLines(f: DevCertificateFiles): string[] {
  const lines = ['[client]', `ssl-ca=${optionValue(f.ca)}`, 'ssl-mode=VERIFY_IDENTITY'];
  if (f.clientCert && f.clientKey) {
    lines.push(`ssl-cert=${optionValue(f.clientCert)}`, `ssl-key=${optionValue(f.clientKey)}`);
  }
  lines.push('# MariaDB clients: use ssl-verify-server-cert instead of ssl-mode=VERIFY_IDENTITY.');
  return lines;
}

/** Option files split values at `#` and trim spaces unless the value is quoted. */
function optionValue(path: string): string {
  return /[\s#"']/.test(path) ? `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : path;
}
