import { CLIENT_CERT_UNKNOWN_CA } from './advice';
import { type Hit, type Normalized, type Rule, toHit } from './match';

/*
 * OpenSSL (1.0, 1.1 and 3.x) reason strings and X509 verify results. Every client linked to
 * OpenSSL repeats them (mysql CLI, PHP, Python, Node, Prisma), so they are matched once here;
 * after normalisation the upper-case spellings (Node codes, Python's [SSL: X]) match too.
 */

const WRONG_VERSION =
  '"wrong version number" does not mean a TLS version problem: the bytes that came back were not TLS at all. With MySQL this is almost always a server that answered in plaintext (TLS disabled, or a proxy/port that does not do the MySQL TLS upgrade).';

const UNSUPPORTED_PROTOCOL =
  '"unsupported protocol" means the client and the server have no TLS version in common (e.g. the server offers only TLS 1.0/1.1 and the client requires 1.2+); the server does support TLS.';

const UNKNOWN_CA_ALERT =
  '"tlsv1 alert unknown ca" is not the client distrusting the server: the alert is sent BY THE SERVER, which could not trace the CLIENT certificate (ssl-cert, sslcert, cert) to any CA in its ssl_ca. The server certificate and the client CA file are not in question.';

const VERIFY_FAILED =
  '"certificate verify failed" alone names no cause: the X509 reason after it (or `Verify return code`) tells expired, untrusted CA, missing intermediate or host name apart.';

const LOCAL_ISSUER =
  '"unable to get local issuer certificate" does not tell a wrong CA file from a missing intermediate: either the CA file lacks the issuer of the server certificate, or the server does not send the intermediate that links it to the root in the CA file.';

const SELF_SIGNED_CHAIN =
  '"self-signed certificate in certificate chain" does not mean the server certificate is self-signed: the chain ends in a root (self-signed) that is not in the CA file the client trusts. Node/mysql2 also say it when the `ca` given could not be parsed (a DER or truncated file is silently ignored), so check that the CA file is PEM.';

const X509: Rule[] = [
  { client: 'openssl', pattern: 'x509 certificate has expired', needles: ['certificate has expired'], notFollowedBy: ['or is not yet valid'], codes: ['cert-expired'], weight: 90 },
  { client: 'openssl', pattern: 'x509 certificate is not yet valid', needles: ['certificate is not yet valid', 'cert not yet valid'], codes: ['cert-not-yet-valid'], weight: 90 },
  {
    client: 'openssl', pattern: 'x509 self-signed certificate in chain', needles: ['self signed certificate in certificate chain', 'self signed cert in chain'],
    codes: ['ca-untrusted', 'ca-not-configured'], weight: 80, misleading: SELF_SIGNED_CHAIN,
  },
  {
    client: 'openssl', pattern: 'x509 self-signed certificate', needles: ['self signed certificate', 'depth zero self signed cert'], notFollowedBy: ['in certificate chain'],
    codes: ['ca-untrusted', 'ca-not-configured'], weight: 80,
    note: 'The server certificate is self-signed: trust exactly that certificate as the CA, or issue the server certificate from a CA.',
  },
  {
    client: 'openssl', pattern: 'x509 unable to get local issuer', needles: ['unable to get local issuer certificate', 'unable to get issuer cert locally'],
    codes: ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], weight: 80, misleading: LOCAL_ISSUER,
  },
  {
    client: 'openssl', pattern: 'x509 unable to verify the first certificate', needles: ['unable to verify the first certificate', 'unable to verify leaf signature'],
    codes: ['intermediate-missing', 'ca-untrusted'], weight: 80,
  },
  { client: 'openssl', pattern: 'x509 unable to get issuer certificate', needles: ['unable to get issuer certificate'], codes: ['intermediate-missing', 'ca-untrusted'], weight: 75 },
  { client: 'openssl', pattern: 'x509 hostname mismatch', needles: ['hostname mismatch', 'ip address mismatch'], codes: ['hostname-mismatch'], weight: 95 },
  { client: 'openssl', pattern: 'x509 invalid CA certificate', needles: ['invalid ca certificate', 'path length constraint exceeded'], codes: ['ca-untrusted'], weight: 70 },
  { client: 'openssl', pattern: 'x509 certificate signature failure', needles: ['certificate signature failure'], codes: ['ca-untrusted', 'intermediate-missing'], weight: 70 },
  { client: 'openssl', pattern: 'x509 unsupported certificate purpose', needles: ['unsupported certificate purpose'], codes: ['ca-untrusted'], weight: 60, note: 'The certificate lacks the serverAuth extended key usage, or a CA certificate is used as the leaf.' },
  { client: 'openssl', pattern: 'x509 ca md too weak', needles: ['ca md too weak', 'ee key too small', 'ca key too small'], codes: ['ca-untrusted'], weight: 55, note: "A certificate uses a digest or key size below the client's security level (SHA-1, RSA 1024); reissue it with SHA-256 and RSA 2048+." },
];

const REASONS: Rule[] = [
  { client: 'openssl', pattern: 'certificate verify failed', needles: ['certificate verify failed'], codes: ['ca-untrusted', 'intermediate-missing', 'cert-expired', 'hostname-mismatch'], weight: 40, misleading: VERIFY_FAILED },
  { client: 'openssl', pattern: 'wrong version number', needles: ['wrong version number', 'unknown protocol'], codes: ['server-tls-disabled', 'tls-version-mismatch'], weight: 50, misleading: WRONG_VERSION },
  { client: 'openssl', pattern: 'unsupported protocol', needles: ['unsupported protocol', 'version too low', 'version too high'], codes: ['tls-version-mismatch'], weight: 80, misleading: UNSUPPORTED_PROTOCOL },
  // Its own rule: the note on "unsupported protocol" above is about a different message.
  {
    client: 'openssl', pattern: 'protocol version alert', needles: ['tlsv1 alert protocol version', 'alert protocol version'], codes: ['tls-version-mismatch'], weight: 80,
    note: 'The server answered with a protocol_version alert: it refuses the TLS version the client offered ("tlsv1 alert" is only how OpenSSL names every TLS alert, not the version in use).',
  },
  { client: 'openssl', pattern: 'no protocols available', needles: ['no protocols available'], codes: ['tls-version-mismatch'], weight: 80, note: "The client's own settings allow no TLS version it can use (e.g. only TLS 1.0/1.1, which OpenSSL 3 refuses at its default security level)." },
  { client: 'openssl', pattern: 'legacy sigalg disallowed', needles: ['legacy sigalg disallowed or unsupported'], codes: ['tls-version-mismatch'], weight: 75, note: 'The server offers only TLS 1.0/1.1, whose signature algorithms OpenSSL 3 refuses at its default security level: enable TLS 1.2 on the server.' },
  { client: 'openssl', pattern: 'handshake failure alert', needles: ['alert handshake failure'], codes: ['cipher-mismatch', 'tls-version-mismatch'], weight: 55, note: 'The server aborted the handshake: most often no cipher suite in common, sometimes no version in common.' },
  { client: 'openssl', pattern: 'no shared cipher', needles: ['no shared cipher', 'no ciphers available', 'no cipher match', 'no suitable signature algorithm'], codes: ['cipher-mismatch'], weight: 80 },
  { client: 'openssl', pattern: 'insufficient security alert', needles: ['alert insufficient security'], codes: ['cipher-mismatch', 'tls-version-mismatch'], weight: 60 },
  { client: 'openssl', pattern: 'dh key too small', needles: ['dh key too small'], codes: ['cipher-mismatch'], weight: 60, note: "The server's DH parameters are below the client's security level: prefer ECDHE suites on the server." },
  { client: 'openssl', pattern: 'internal error alert', needles: ['tlsv1 alert internal error', 'alert internal error'], codes: ['tls-version-mismatch', 'cipher-mismatch'], weight: 30 },
  {
    client: 'openssl', pattern: 'unknown ca alert', needles: ['tlsv1 alert unknown ca', 'alert unknown ca'], codes: ['ca-untrusted'], weight: 60,
    advice: CLIENT_CERT_UNKNOWN_CA, param: 'cert', misleading: UNKNOWN_CA_ALERT,
  },
  { client: 'openssl', pattern: 'certificate expired alert', needles: ['sslv3 alert certificate expired', 'alert certificate expired'], codes: ['client-cert-expired'], weight: 85 },
  { client: 'openssl', pattern: 'bad certificate alert', needles: ['sslv3 alert bad certificate', 'alert bad certificate', 'alert certificate required'], codes: ['ca-untrusted', 'client-cert-expired'], weight: 50, note: 'The SERVER rejected the client certificate (or its absence).' },
  { client: 'openssl', pattern: 'unexpected eof', needles: ['unexpected eof while reading'], codes: ['tls-version-mismatch', 'cipher-mismatch'], weight: 20, note: 'The server closed the connection during the handshake without an alert.' },
  { client: 'openssl', pattern: 'key values mismatch', needles: ['key values mismatch', 'private key does not match the certificate public key', 'private key does not match'], codes: ['key-cert-mismatch'], weight: 95 },
  { client: 'openssl', pattern: 'pem no start line', needles: ['no start line', 'expecting: trusted certificate', 'expecting: any private key'], codes: ['file-der-encoded', 'file-wrong-kind'], weight: 65 },
  { client: 'openssl', pattern: 'pem truncated', needles: ['bad end line', 'bad base64 decode', 'header too long', 'nested asn1 error'], codes: ['file-truncated'], weight: 60 },
  { client: 'openssl', pattern: 'no certificate or crl found', needles: ['no certificate or crl found'], codes: ['file-der-encoded', 'file-wrong-kind', 'file-truncated'], weight: 60 },
  { client: 'openssl', pattern: 'key needs a passphrase', needles: ['bad decrypt', 'bad password read', 'interrupted or cancelled', 'enter pem pass phrase', 'problems getting password'], codes: ['key-encrypted'], weight: 85 },
  { client: 'openssl', pattern: 'decoder unsupported', needles: ['decoder routines::unsupported', 'decoder routines:unsupported', 'err ossl unsupported'], codes: ['file-wrong-kind', 'file-der-encoded', 'key-encrypted'], weight: 45 },
  { client: 'openssl', pattern: 'system lib no such file', needles: ['system library::no such file', 'no such file or directory', 'enoent', 'no such file'], codes: ['file-missing'], weight: 60 },
  { client: 'openssl', pattern: 'permission denied', needles: ['permission denied', 'eacces'], codes: ['file-unreadable'], weight: 60 },
];

/** `openssl s_client -starttls mysql` says this itself when the server lacks CLIENT_SSL. */
const S_CLIENT: Rule[] = [
  { client: 'openssl', pattern: 's_client mysql no ssl', needles: ['mysql server does not support ssl'], codes: ['server-tls-disabled'], weight: 100 },
  { client: 'openssl', pattern: 's_client no peer certificate', needles: ['no peer certificate available'], codes: [], weight: 10 },
];

export const opensslRules: Rule[] = [...X509, ...REASONS, ...S_CLIENT];

function rule(pattern: string): Rule {
  const r = opensslRules.find((x) => x.pattern === pattern);
  if (!r) throw new Error(`no openssl rule ${pattern}`); // a programming error in the tables below
  return r;
}

/** X509_V_ERR numbers, as `verify error:num=N` and `Verify return code: N` print them. */
const VERIFY_CODES: Readonly<Record<number, string>> = {
  2: 'x509 unable to get issuer certificate',
  7: 'x509 certificate signature failure',
  9: 'x509 certificate is not yet valid',
  10: 'x509 certificate has expired',
  18: 'x509 self-signed certificate',
  19: 'x509 self-signed certificate in chain',
  20: 'x509 unable to get local issuer',
  21: 'x509 unable to verify the first certificate',
  24: 'x509 invalid CA certificate',
  26: 'x509 unsupported certificate purpose',
  62: 'x509 hostname mismatch',
  64: 'x509 hostname mismatch',
  66: 'x509 ca md too weak',
  68: 'x509 ca md too weak',
};

/** Library and reason of an OpenSSL/BoringSSL packed error code, by the formats' own layouts. */
const REASON_CODES: Readonly<Record<string, string>> = {
  // libssl (20) reasons, the same number in 1.0, 1.1 and 3.x
  'ssl:134': 'certificate verify failed',
  'ssl:267': 'wrong version number',
  'ssl:252': 'wrong version number', // 1.0 "unknown protocol"
  'ssl:258': 'unsupported protocol',
  'ssl:191': 'no protocols available',
  'ssl:193': 'no shared cipher',
  'ssl:181': 'no shared cipher', // no ciphers available
  'ssl:185': 'no shared cipher', // no cipher match
  'ssl:394': 'dh key too small',
  'ssl:294': 'unexpected eof',
  'ssl:1040': 'handshake failure alert',
  'ssl:1070': 'protocol version alert',
  'ssl:1071': 'insufficient security alert',
  'ssl:1080': 'internal error alert',
  'ssl:1048': 'unknown ca alert',
  'ssl:1045': 'certificate expired alert',
  'ssl:1042': 'bad certificate alert',
  'ssl:1116': 'bad certificate alert', // certificate_required (TLS 1.3)
  // PEM (9), X509 (11), EVP (6)
  'pem:108': 'pem no start line',
  'pem:104': 'key needs a passphrase',
  'pem:100': 'pem truncated', // bad base64 decode
  'pem:102': 'pem truncated', // bad end line
  'x509:116': 'key values mismatch',
  'x509:136': 'no certificate or crl found',
  'evp:100': 'key needs a passphrase', // bad decrypt
};

const LIBS: Readonly<Record<number, string>> = { 6: 'evp', 9: 'pem', 11: 'x509', 20: 'ssl' };

/** Decodes one 8-digit code: OpenSSL 3 packs lib<<23 | reason, 1.x lib<<24 | func<<12 | reason. */
export function decodeOpenSslCode(hex: string, v3: boolean): string | undefined {
  const code = Number.parseInt(hex, 16);
  if (!Number.isFinite(code)) return undefined;
  if (code >= 0x80000000) return (code & 0x7fffffff) === 2 ? 'system lib no such file' : undefined;
  // Without the text after it the layout is a guess: try the other one too.
  return decodeAs(code, v3) ?? decodeAs(code, !v3);
}

function decodeAs(code: number, v3: boolean): string | undefined {
  const lib = v3 ? (code >>> 23) & 0xff : (code >>> 24) & 0xff;
  const reason = v3 ? code & 0x7fffff : code & 0xfff;
  const name = LIBS[lib];
  return name ? REASON_CODES[`${name}:${reason}`] : undefined;
}

function isHex(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

const MAX_CODE_HITS = 32;

/** `error:0A000086:SSL routines::...` (3.x: empty function field) and `error:1416F086:SSL routines:func:...`. */
function packedCodes(n: Normalized): Hit[] {
  const hits: Hit[] = [];
  let at = n.text.indexOf('error:');
  while (at >= 0 && hits.length < MAX_CODE_HITS) {
    const start = at + 6;
    const hex = n.text.slice(start, start + 8);
    const after = n.text[start + 8];
    if (hex.length === 8 && [...hex].every(isHex) && (after === undefined || !(isHex(after) || (after >= 'g' && after <= 'z')))) {
      // BoringSSL (Electron) packs lib<<24 too but its numbers differ: leave those to the reason name.
      const boring = n.text.startsWith('openssl internal', n.text.indexOf(':', start + 9) + 1);
      const v3 = n.text.startsWith('::', n.text.indexOf(':', start + 9));
      const name = boring ? undefined : decodeOpenSslCode(hex, v3);
      if (name) hits.push(toHit(n, rule(name), at, start + 8, `error:${hex.toUpperCase()}`));
    }
    at = n.text.indexOf('error:', at + 6);
  }
  return hits;
}

function readNumber(text: string, from: number): number | undefined {
  let end = from;
  while (end < text.length && end - from < 4 && text[end] >= '0' && text[end] <= '9') end++;
  return end > from ? Number(text.slice(from, end)) : undefined;
}

/** `verify error:num=10:certificate has expired` and `Verify return code: 10 (certificate has expired)`. */
function verifyCodes(n: Normalized): Hit[] {
  const hits: Hit[] = [];
  for (const marker of ['verify error:num=', 'verify return code: ', 'verify return:']) {
    let at = n.text.indexOf(marker);
    for (let i = 0; at >= 0 && i < MAX_CODE_HITS; i++) {
      const num = readNumber(n.text, at + marker.length);
      const name = num === undefined ? undefined : VERIFY_CODES[num];
      if (name) hits.push(toHit(n, rule(name), at, at + marker.length + String(num).length, `x509 verify code ${num}`));
      at = n.text.indexOf(marker, at + 1);
    }
  }
  return hits;
}

export function opensslExtract(n: Normalized): Hit[] {
  return [...packedCodes(n), ...verifyCodes(n)];
}
