import { createPublicKey } from 'node:crypto';
import { forge } from './forge';
import { derKeyLabel, derTlvLength, hasPemMarker, pemBlocks, type PemBlock, type PemLabel } from './pem';
import { parseCertificate } from './x509';

/** What the bytes of a key/certificate file are, whatever the file is called. Never throws. */
export type FileContent =
  | { form: 'empty' }
  | { form: 'pem'; blocks: PemBlock[] }
  | { form: 'der'; what: DerKind; label?: PemLabel; truncated?: boolean }
  | { form: 'keystore'; what: 'JKS' | 'JCEKS' }
  | { form: 'text' }
  | { form: 'binary' };

export type DerKind = 'certificate' | 'private-key' | 'encrypted-private-key' | 'public-key' | 'pkcs12' | 'unknown';

export function classifyBytes(bytes: Buffer): FileContent {
  // latin1 maps every byte to one char, so markers are found whatever the encoding around them.
  let text = bytes.toString('latin1');
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3); // UTF-8 byte order mark
  if (isBlank(text)) return { form: 'empty' };
  if (hasPemMarker(text)) return { form: 'pem', blocks: pemBlocks(text) };
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  if (magic === 0xfeedfeed) return { form: 'keystore', what: 'JKS' };
  if (magic === 0xcececece) return { form: 'keystore', what: 'JCEKS' };
  if (bytes[0] === 0x30) return classifyDer(bytes);
  return looksLikeText(bytes) ? { form: 'text' } : { form: 'binary' };
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

function looksLikeText(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 4096);
  let odd = 0;
  for (const b of sample) if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13)) odd++;
  return odd === 0;
}

/** A DER SEQUENCE: which of the usual structures it is. */
export function classifyDer(der: Buffer): FileContent {
  const declared = derTlvLength(der);
  if (declared === undefined || declared > der.length) return { form: 'der', what: 'unknown', truncated: declared !== undefined };
  if (parseCertificate(der)) return { form: 'der', what: 'certificate', label: 'CERTIFICATE' };
  const key = derPrivateKey(der);
  if (key) return { form: 'der', ...key };
  if (isPublicKey(der)) return { form: 'der', what: 'public-key' };
  if (isPkcs12(der)) return { form: 'der', what: 'pkcs12' };
  return { form: 'der', what: 'unknown' };
}

function derPrivateKey(der: Buffer): { what: DerKind; label: PemLabel } | undefined {
  const label = derKeyLabel(der);
  if (!label) return undefined;
  return { what: label === 'ENCRYPTED PRIVATE KEY' ? 'encrypted-private-key' : 'private-key', label };
}

function isPublicKey(der: Buffer): boolean {
  try {
    createPublicKey({ key: der, format: 'der', type: 'spki' });
    return true;
  } catch {
    return false;
  }
}

const PKCS7_DATA = '1.2.840.113549.1.7.1';

/** PFX: SEQUENCE { INTEGER 3, ContentInfo { OID pkcs7-data, ... }, ... } */
function isPkcs12(der: Buffer): boolean {
  try {
    const top = forge().asn1.fromDer(forge().util.createBuffer(der.toString('binary')), false);
    const [version, content] = Array.isArray(top.value) ? top.value : [];
    if (!version || version.type !== forge().asn1.Type.INTEGER || version.value !== '\x03') return false;
    const oid = Array.isArray(content?.value) ? content.value[0] : undefined;
    return !!oid && typeof oid.value === 'string' && forge().asn1.derToOid(oid.value) === PKCS7_DATA;
  } catch {
    return false;
  }
}
