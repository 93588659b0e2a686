import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { finding, type Finding, type FindingCode, type Fix } from '../model/finding';
import { isWindowsPathElsewhere } from './paths';
import { explainErrno } from './read-file';

/** The settings a local file check is about (each a ParamKey the editor can underline). */
export type Slot = 'ca' | 'cert' | 'key' | 'capath' | 'trustStore';

const SLOT_NAME: Record<Slot, string> = {
  ca: 'CA file',
  cert: 'Client certificate',
  key: 'Client key',
  capath: 'CA directory',
  trustStore: 'Trust store',
};

export const SETTING: Record<Slot, string> = { ca: 'ssl-ca', cert: 'ssl-cert', key: 'ssl-key', capath: 'ssl-capath', trustStore: 'trustCertificateKeyStoreUrl' };

const EXPECTED: Record<Slot, string> = {
  ca: 'CA certificates in PEM',
  cert: 'a certificate in PEM',
  key: 'a private key in PEM',
  capath: 'a directory of CA certificates',
  trustStore: 'a Java trust store (JKS or PKCS#12)',
};

export type Fault =
  | { fault: 'bad-url'; reason: string }
  | { fault: 'missing' | 'unreadable'; code: string }
  | { fault: 'directory' | 'special' }
  | { fault: 'too-large'; size: number }
  | { fault: 'empty' | 'truncated' | 'wrong-kind' | 'der' | 'encrypted'; found: string; line?: number; label?: string };

export interface FaultContext {
  /** The value as written in the settings. */
  configured: string;
  /** The absolute path it resolves to. */
  path: string;
  relative?: boolean;
  baseDir?: string;
}

interface Parts {
  code: FindingCode;
  title: string;
  detail: string;
  fixes: Fix[];
  found?: string;
}

/** The finding for one file that the client cannot use as it is. */
export function faultFinding(slot: Slot, f: FaultContext & Fault): Finding {
  const p = parts(slot, f);
  const evidence: Record<string, unknown> = { path: f.path, configured: f.configured, setting: SETTING[slot] };
  if (p.found) evidence.found = p.found;
  if ('line' in f && f.line) evidence.line = f.line;
  if ('code' in f) evidence.errno = f.code;
  if (f.relative && f.baseDir) evidence.resolvedAgainst = f.baseDir;
  return finding(p.code, p.title, p.detail, evidence, p.fixes, slot);
}

function parts(slot: Slot, f: FaultContext & Fault): Parts {
  const name = SLOT_NAME[slot];
  switch (f.fault) {
    case 'bad-url':
      return { code: 'file-missing', title: `${name} setting is not a usable path`, detail: `${f.reason}.`, fixes: pointAt(slot) };
    case 'missing':
      return { code: 'file-missing', title: `${name} not found: ${f.path}`, detail: missingDetail(slot, f), fixes: pointAt(slot) };
    case 'unreadable':
      return {
        code: 'file-unreadable',
        title: `${name} cannot be read: ${f.path}`,
        detail: `${f.path} exists, but ${explainErrno(f.code)}. The client fails while loading its TLS files, before the handshake.`,
        fixes: [permissionFix(slot, f.path)],
      };
    case 'directory':
      return wrongKind(slot, f, 'a directory', slot === 'ca' ? 'Use ssl-capath for a directory of hashed CA certificates, or point ssl-ca at one PEM file.' : '');
    case 'special':
      return wrongKind(slot, f, 'not a regular file (a FIFO, socket or device)', '');
    case 'too-large':
      return wrongKind(slot, f, `a file of ${(f.size / 1048576).toFixed(1)} MB`, 'That is far too large for a certificate or key file.');
    case 'empty':
      return { code: 'file-truncated', title: `${name} is empty: ${f.path}`, detail: `${f.path} has no content. Copy the file again.`, fixes: pointAt(slot), found: f.found };
    case 'truncated':
      return truncated(slot, f);
    case 'wrong-kind':
      return wrongKind(slot, f, f.found, kindAdvice(slot, f.found));
    case 'der':
      return der(slot, f);
    case 'encrypted':
      return encrypted(f);
  }
}

function missingDetail(slot: Slot, f: FaultContext): string {
  let s = `${SETTING[slot]} is "${f.configured}", which resolves to ${f.path}, and no file is there. The client stops before the handshake with an SSL connection error.`;
  if (f.relative) {
    s += ` A relative path was resolved against ${f.baseDir ?? 'the working directory'}; a client resolves it against its own working directory, so an absolute path is safer.`;
  } else if (isWindowsPathElsewhere(f.configured)) {
    s += ` It is a Windows path and this check ran on ${process.platform}: it only tells something on the Windows machine that runs the client.`;
  }
  return s;
}

function truncated(slot: Slot, f: FaultContext & { found: string; line?: number }): Parts {
  const at = f.line ? ` (line ${f.line})` : '';
  return {
    code: 'file-truncated',
    title: `${SLOT_NAME[slot]} is cut off or damaged: ${basename(f.path)}`,
    detail: `${f.path} holds ${f.found}${at}. The client cannot load it. Copy the whole file again, from -----BEGIN to -----END.`,
    fixes: pointAt(slot),
    found: f.found,
  };
}

function wrongKind(slot: Slot, f: FaultContext, found: string, advice: string): Parts {
  const shown = isPemLabels(found) ? `${found} (PEM)` : found;
  return {
    code: 'file-wrong-kind',
    title: `${SLOT_NAME[slot]} holds ${shown}, not ${EXPECTED[slot]}`,
    detail: `${SETTING[slot]} must name ${EXPECTED[slot]}, but ${f.path} is ${shown}. ${advice}`.trim(),
    fixes: [...kindFixes(slot, f.path, found), ...pointAt(slot)],
    found,
  };
}

function isPemLabels(found: string): boolean {
  return /^[A-Z0-9 #,]+$/.test(found);
}

function kindAdvice(slot: Slot, found: string): string {
  if (found.includes('PRIVATE KEY') && slot !== 'key') return `A private key belongs in ssl-key; ${SETTING[slot]} takes the certificate.`;
  if (found.includes('CERTIFICATE') && slot === 'key') return 'A certificate belongs in ssl-cert (or ssl-ca); ssl-key takes its private key.';
  if (found.includes('OpenSSH')) return 'That is an SSH key, not the key of the client certificate.';
  if (found.includes('PKCS#12')) return 'Extract the PEM parts from the bundle first.';
  if (found.includes('Java keystore')) return 'Export the certificate from the keystore as PEM first.';
  return '';
}

function kindFixes(slot: Slot, path: string, found: string): Fix[] {
  const q = shellQuote(path);
  if (found.includes('PKCS#12')) {
    const commands = slot === 'key'
      ? [`openssl pkcs12 -in ${q} -nocerts -nodes -out client-key.pem`, 'chmod 600 client-key.pem']
      : [`openssl pkcs12 -in ${q} -nokeys -out ${slot === 'ca' ? 'ca.pem' : 'client-cert.pem'}`];
    return [{ kind: 'manual', title: 'Extract the PEM parts of the PKCS#12 bundle', commands, preferred: true }];
  }
  if (found.includes('Java keystore')) {
    return [{ kind: 'manual', title: 'Export the certificate from the keystore as PEM', commands: [`keytool -list -keystore ${q}`, `keytool -exportcert -rfc -keystore ${q} -alias <alias> -file ca.pem`], preferred: true }];
  }
  return [];
}

function der(slot: Slot, f: FaultContext & { found: string; label?: string }): Parts {
  const out = pemPathFor(f.path);
  const tool = slot === 'key' ? 'pkey' : 'x509';
  const command = `openssl ${tool} -inform der -in ${shellQuote(f.path)} -out ${shellQuote(out)}`;
  return {
    code: 'file-der-encoded',
    title: `${SLOT_NAME[slot]} is DER (binary); the client needs PEM: ${basename(f.path)}`,
    detail: `${f.path} holds ${f.found}. MySQL and MariaDB clients read only PEM (text starting with -----BEGIN). Convert it, then point ${SETTING[slot]} at the result:\n${command}`,
    fixes: [{ kind: 'convert-der-to-pem', title: `Convert ${basename(f.path)} to PEM (${basename(out)})`, file: f.path, param: slot, preferred: true }],
    found: f.found,
  };
}

/** Where the PEM copy of a DER file goes: same name with .pem, never the input or another file. */
export function pemPathFor(path: string): string {
  const ext = extname(path);
  const stem = ext ? path.slice(0, -ext.length) : path;
  const plain = `${stem}.pem`;
  return plain === path || existsSync(plain) ? `${stem}.converted.pem` : plain;
}

function encrypted(f: FaultContext & { found: string }): Parts {
  const ext = extname(f.path);
  const plain = `${ext ? f.path.slice(0, -ext.length) : f.path}-nopass.pem`;
  return {
    code: 'key-encrypted',
    title: `Client key is encrypted and no passphrase is configured: ${basename(f.path)}`,
    detail:
      `${f.path} holds ${f.found}. A client that has no passphrase for it cannot load it ("Unable to get private key") and never presents its certificate. ` +
      'Configure the passphrase where the driver supports one, or write an unencrypted copy readable only by its owner.',
    fixes: [{ kind: 'manual', title: 'Write an unencrypted copy of the key (asks for the passphrase once) and point ssl-key at it', preferred: true,
      commands: [`openssl pkey -in ${shellQuote(f.path)} -out ${shellQuote(plain)}`, `chmod 600 ${shellQuote(plain)}`] }],
    found: f.found,
  };
}

function pointAt(slot: Slot): Fix[] {
  if (slot === 'ca') return [{ kind: 'set-ca', title: 'Point ssl-ca at the PEM file of the CA that issued the server certificate' }];
  return [{ kind: 'manual', title: `Point ${SETTING[slot]} at ${EXPECTED[slot]}` }];
}

function permissionFix(slot: Slot, path: string): Fix {
  const q = shellQuote(path);
  const commands = slot === 'key'
    ? [`ls -l ${q}`, `chmod 600 ${q}   # and chown it to the user that runs the client`]
    : [`ls -l ${q}`, `chmod 644 ${q}`];
  return { kind: 'manual', title: `Make ${basename(path)} readable by the user that runs the client`, commands };
}

export function shellQuote(s: string): string {
  return /^[\w./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
