import { X509Certificate } from 'node:crypto';
import { forge } from './forge';
import type { CertSummary } from '../model/report';
import { normalizeIp } from './ip';
import { derTlvLength, hasPemMarker, pemBlocks } from './pem';

/** One certificate as docs/CONTRACT.md `server.chain[]` shows it. */
export function summarize(cert: X509Certificate): CertSummary {
  const s: CertSummary = {
    subject: dn(cert.subject),
    issuer: dn(cert.issuer),
    notBefore: isoDate(cert.validFrom),
    notAfter: isoDate(cert.validTo),
    san: sanEntries(cert).map((e) => `${e.type}:${e.value}`),
    sha256: cert.fingerprint256,
    selfSigned: isSelfSigned(cert),
    isCA: cert.ca,
  };
  Object.assign(s, keyFacts(cert));
  const alg = signatureAlgorithm(cert);
  if (alg) s.signatureAlgorithm = alg;
  return s;
}

/** The certificates of a PEM text, and a sentence for each block that is not one. */
export function readPemCertificates(text: string): { certs: X509Certificate[]; problems: string[] } {
  const certs: X509Certificate[] = [];
  const problems: string[] = [];
  if (!hasPemMarker(text)) return { certs, problems: ['no PEM block (-----BEGIN CERTIFICATE-----) found'] };
  for (const b of pemBlocks(text)) {
    const where = `the ${b.label || 'unnamed'} block at line ${b.line}`;
    if (b.problem === 'no-end') problems.push(`${where} has no END line: the file is cut off`);
    else if (b.problem) problems.push(`${where} is ${b.problem === 'empty' ? 'empty' : 'not valid base64'}`);
    else if (!isCertificateLabel(b.label)) problems.push(`${where} is not a certificate`);
    else {
      const cert = certificateOfBlock(b.label, b.der!);
      if (cert) certs.push(cert);
      else problems.push(`${where} does not decode as an X.509 certificate`);
    }
  }
  return { certs, problems };
}

export function isCertificateLabel(label: string): boolean {
  return label === 'CERTIFICATE' || label === 'X509 CERTIFICATE' || label === 'TRUSTED CERTIFICATE';
}

/** The certificate of a PEM block; a TRUSTED CERTIFICATE carries OpenSSL trust settings after it. */
export function certificateOfBlock(label: string, der: Buffer): X509Certificate | undefined {
  return parseCertificate(label === 'TRUSTED CERTIFICATE' ? der.subarray(0, derTlvLength(der) ?? der.length) : der);
}

/** A DER certificate, or undefined for anything else (never throws). */
export function parseCertificate(der: Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}

/** `CN=a\nO=b` (Node's form) as `CN=a, O=b`. */
export function dn(nodeName: string): string {
  return nodeName.split('\n').filter((p) => p !== '').join(', ');
}

/** The values of `attr` (CN, O...) in a DN as Node gives it (one attribute per line). */
export function dnAttrs(nodeName: string, attr: string): string[] {
  const values: string[] = [];
  for (const part of nodeName.split('\n')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim().toUpperCase() === attr.toUpperCase()) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

export interface SanEntry {
  type: 'DNS' | 'IP' | string;
  value: string;
}

/** SAN entries; IPs normalised (`0:0:...:1` -> `::1`). Node quotes entries with odd characters. */
export function sanEntries(cert: X509Certificate): SanEntry[] {
  const raw = cert.subjectAltName;
  if (!raw) return [];
  return splitSan(raw).map((item) => {
    const colon = item.indexOf(':');
    const type = colon < 0 ? item : item.slice(0, colon);
    const value = unquote(colon < 0 ? '' : item.slice(colon + 1));
    if (type === 'IP Address') return { type: 'IP', value: normalizeIp(value) ?? value };
    return { type, value };
  });
}

// Entries are separated by ", "; a JSON-quoted value may itself hold ", ".
function splitSan(raw: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && quoted) {
      current += c + (raw[i + 1] ?? '');
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === ',' && !quoted && raw[i + 1] === ' ') {
      items.push(current);
      current = '';
      i++;
    } else current += c;
  }
  if (current !== '') items.push(current);
  return items;
}

function unquote(v: string): string {
  if (!(v.startsWith('"') && v.endsWith('"') && v.length >= 2)) return v;
  try {
    return JSON.parse(v) as string;
  } catch {
    return v.slice(1, -1);
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** OpenSSL's `Jan  1 00:00:00 2020 GMT` as a Date (Node 20 has no validFromDate). */
export function parseCertDate(text: string): Date {
  const [mon, day, time, year] = text.trim().split(/\s+/);
  const m = MONTHS.indexOf(mon);
  const [hh, mm, ss] = (time ?? '').split(':').map(Number);
  if (m < 0 || !year) return new Date(text);
  return new Date(Date.UTC(Number(year), m, Number(day), hh || 0, mm || 0, ss || 0));
}

/** ISO 8601 without milliseconds, as docs/CONTRACT.md shows dates. */
export function isoDate(certDate: string | Date): string {
  const d = typeof certDate === 'string' ? parseCertDate(certDate) : certDate;
  return Number.isNaN(d.getTime()) ? String(certDate) : d.toISOString().replace('.000Z', 'Z');
}

/** Issued by itself: its own issuer by name and key ids, and its own signature checks out. */
export function isSelfSigned(cert: X509Certificate): boolean {
  return signedBy(cert, cert);
}

/** `issuer` issued `cert`: names/key ids agree (checkIssued) and the signature verifies. */
export function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function keyFacts(cert: X509Certificate): { keyType?: string; keyBits?: number } {
  try {
    const key = cert.publicKey;
    const d = key.asymmetricKeyDetails ?? {};
    const bits = d.modulusLength ?? curveBits(d.namedCurve) ?? edBits(key.asymmetricKeyType);
    const out: { keyType?: string; keyBits?: number } = { keyType: key.asymmetricKeyType };
    if (bits) out.keyBits = bits;
    return out;
  } catch {
    return {};
  }
}

function curveBits(curve: string | undefined): number | undefined {
  const table: Record<string, number> = { prime256v1: 256, secp256r1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 };
  return curve ? table[curve] : undefined;
}

function edBits(type: string | undefined): number | undefined {
  return type === 'ed25519' ? 256 : type === 'ed448' ? 456 : undefined;
}

const SIGNATURE_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

/** The outer signatureAlgorithm OID (X509Certificate does not expose it in Node 20). */
export function signatureAlgorithm(cert: X509Certificate): string | undefined {
  const oid = derChild(cert.raw, [1, 0]);
  if (!oid) return undefined;
  return SIGNATURE_NAMES[oid] ?? oid;
}

/** The OID at a path of child indexes in a DER structure, or undefined. */
function derChild(der: Buffer, path: number[]): string | undefined {
  try {
    let node = forge().asn1.fromDer(forge().util.createBuffer(der.toString('binary')), false);
    for (const i of path) {
      if (!Array.isArray(node.value)) return undefined;
      node = node.value[i];
      if (!node) return undefined;
    }
    return typeof node.value === 'string' ? forge().asn1.derToOid(node.value) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the certificate names where to download its issuer (AIA caIssuers). */
export function hasCaIssuersUrl(cert: X509Certificate): boolean {
  return (cert.infoAccess ?? '').includes('CA Issuers');
}
