// Every certificate, key and broken file of the lab, written under DIR/files. The certificates come
// from the same generator the product's `certs` command uses (src/engine/certs/generate.ts).
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { createCa, createClientCert, createServerCert, encryptKey, type Issued } from '../../src/engine/certs/generate';
import type { LabFileName, LabServerName } from './manifest';

/** The passphrase of files['client-key-encrypted'] (a client will not have it). */
export const KEY_PASSPHRASE = 'lab-key-passphrase';

export const LOCAL_HOSTS = ['localhost', '127.0.0.1', '::1'];
export const EXPIRED = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') };
export const NOT_YET_VALID = { notBefore: new Date('2040-01-01T00:00:00Z'), notAfter: new Date('2041-01-01T00:00:00Z') };

/** What a TLS server of the lab presents, and what it means for assertions. */
export interface ServerCert {
  certFile: string; // what ssl_cert points at (leaf, or leaf + intermediate)
  keyFile: string;
  /** the file a client must trust to verify this server */
  trust: string;
  meta: Record<string, string>;
}

export interface LabFixtures {
  files: Record<LabFileName, string>;
  certs: Record<Exclude<LabServerName, 'tls-disabled'>, ServerCert>;
}

/** Creates every lab file under `dir` (DIR/files). */
export function writeFixtures(dir: string): LabFixtures {
  mkdirSync(dir, { recursive: true });
  const put = (name: string, text: string | Buffer, mode = 0o644): string => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode });
    return path;
  };
  const ca = createCa({ cn: 'TLS Doctor Lab CA' });
  const caOther = createCa({ cn: 'TLS Doctor Other CA' });
  const root = createCa({ cn: 'TLS Doctor Lab Root' });
  const intermediate = createCa({ cn: 'TLS Doctor Lab Intermediate' }, root);
  const client = createClientCert(ca, { cn: 'tls-doctor-client' });
  const clientExpired = createClientCert(ca, { cn: 'tls-doctor-client-expired', ...EXPIRED });
  const stranger = createClientCert(ca, { cn: 'tls-doctor-stranger' });

  put('client-cert-expired-key.pem', clientExpired.keyPem, 0o600);
  const files: Record<LabFileName, string> = {
    ca: put('ca.pem', ca.certPem),
    'ca-other': put('ca-other.pem', caOther.certPem),
    // The lab CA with its own key but past dates: every lab certificate chains to it, and it is expired.
    'ca-expired': put('ca-expired.pem', reissue(ca, 'self', EXPIRED).certPem),
    'root-only': put('root-only.pem', root.certPem),
    'root-and-intermediate': put('root-and-intermediate.pem', root.certPem + intermediate.certPem),
    'client-cert': put('client-cert.pem', client.certPem),
    'client-key': put('client-key.pem', client.keyPem, 0o600),
    'client-cert-expired': put('client-cert-expired.pem', clientExpired.certPem),
    // (its own key sits next to it as client-cert-expired-key.pem, for a client that presents it)
    'client-key-mismatched': put('client-key-mismatched.pem', stranger.keyPem, 0o600),
    'client-key-encrypted': put('client-key-encrypted.pem', encryptKey(client.keyPem, KEY_PASSPHRASE), 0o600),
    'ca-der': put('ca.der', pemToDer(ca.certPem)),
    'ca-truncated': put('ca-truncated.pem', ca.certPem.slice(0, Math.floor(ca.certPem.length / 2))),
    'key-as-ca': put('key-as-ca.pem', stranger.keyPem),
    missing: join(dir, 'missing-ca.pem'),
  };
  return { files, certs: serverCerts(put, { ca, caOther, root, intermediate }, files) };
}

interface Cas { ca: Issued; caOther: Issued; root: Issued; intermediate: Issued }
type Put = (name: string, text: string, mode?: number) => string;

function serverCerts(put: Put, cas: Cas, files: Record<LabFileName, string>): LabFixtures['certs'] {
  const leaf = (name: string, issuer: Issued, cn: string, hosts: string[], trust: string, dates = {}, chain?: Issued): ServerCert => {
    const c = createServerCert(issuer, { cn, hosts, ...dates });
    const certFile = put(`server-${name}-cert.pem`, chain ? c.certPem + chain.certPem : c.certPem);
    const keyFile = put(`server-${name}-key.pem`, c.keyPem, 0o600);
    // Every server has ssl_ca=files.ca (to verify client certificates), and OpenSSL completes the
    // chain it sends from that store: a leaf issued by files.ca goes out with files.ca after it.
    const sent = [c.subject, ...(chain ? [chain.subject] : []), ...(issuer === cas.ca ? [cas.ca.subject] : [])];
    return { certFile, keyFile, trust, meta: describeCert(c.certPem, issuer.subject, sent) };
  };
  const healthy = leaf('healthy', cas.ca, 'localhost', LOCAL_HOSTS, files.ca);
  return {
    healthy,
    expired: leaf('expired', cas.ca, 'localhost', LOCAL_HOSTS, files.ca, EXPIRED),
    'not-yet-valid': leaf('not-yet-valid', cas.ca, 'localhost', LOCAL_HOSTS, files.ca, NOT_YET_VALID),
    'other-ca': leaf('other-ca', cas.caOther, 'localhost', LOCAL_HOSTS, files['ca-other']),
    'no-intermediate': leaf('no-intermediate', cas.intermediate, 'localhost', LOCAL_HOSTS, files['root-only']),
    'with-intermediate': leaf('with-intermediate', cas.intermediate, 'localhost', LOCAL_HOSTS, files['root-only'], {}, cas.intermediate),
    'wrong-san': leaf('wrong-san', cas.ca, 'db.example.com', ['db.example.com'], files.ca),
    'ip-only-san': leaf('ip-only-san', cas.ca, '127.0.0.1', ['127.0.0.1'], files.ca),
    'tls13-only': healthy,
    'tls12-only': healthy,
    'legacy-only': healthy,
    'one-cipher': healthy,
    'secure-transport': healthy,
  };
}

/** Subject, issuer, SANs and dates of a leaf as strings, the way the manifest's config shows them. */
function describeCert(certPem: string, issuer: string, sent: string[]): Record<string, string> {
  const cert = forge.pki.certificateFromPem(certPem);
  const san = cert.getExtension('subjectAltName') as { altNames?: { type: number; value?: string; ip?: string }[] } | null;
  const names = (san?.altNames ?? []).map((n) => (n.type === 7 ? `IP:${n.ip}` : `DNS:${n.value}`));
  return {
    subject: `CN=${cert.subject.getField('CN')?.value ?? ''}`,
    issuer,
    san: names.join(', '),
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: cert.validity.notAfter.toISOString(),
    chainLength: String(sent.length),
    chain: sent.join(' | '), // subjects of the certificates the server sends, leaf first
  };
}

/**
 * The same subject and key as `subject`, issued by `issuer` (by itself: a renewed or backdated root)
 * with other dates: what a CA renewal or a cross-sign produces.
 */
export function reissue(subject: Issued, issuer: Issued | 'self', dates: { notBefore: Date; notAfter: Date }): Issued {
  const s = forge.pki.certificateFromPem(subject.certPem);
  const signer = issuer === 'self' ? s : forge.pki.certificateFromPem(issuer.certPem);
  const c = forge.pki.createCertificate();
  c.publicKey = s.publicKey;
  c.serialNumber = '01' + randomBytes(8).toString('hex');
  c.validity.notBefore = dates.notBefore;
  c.validity.notAfter = dates.notAfter;
  c.setSubject(s.subject.attributes);
  c.setIssuer(signer.subject.attributes);
  c.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: signer.generateSubjectKeyIdentifier().getBytes() },
  ]);
  c.sign(forge.pki.privateKeyFromPem(issuer === 'self' ? subject.keyPem : issuer.keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(c), keyPem: subject.keyPem, subject: subject.subject };
}

function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}
