// The agreement suite's cases: what each case sets (in words every client can spell its own way),
// which lab server it meets, and the causes that are really there, decided from the lab server's
// known defect and the case's settings alone (never from the tool's output).
import type { LabFileName, LabServerName } from '../lab/manifest';

/** What a case asks of the client, before each client spells it. */
export interface Setting {
  id: string;
  /** off: TLS switched off; default: nothing about TLS written; the rest: TLS required. */
  mode: 'off' | 'default' | 'no-verify' | 'verify-ca' | 'verify-full';
  ca?: LabFileName;
  cert?: LabFileName;
  key?: LabFileName;
  /** One pinned version. */
  version?: 'TLSv1.2' | 'TLSv1.3';
  /** A TLS 1.2 cipher list of one cipher the one-cipher server does not accept. */
  cipher?: string;
  user: 'plain' | 'requireSsl' | 'requireX509';
}

export type Host = 'localhost' | '127.0.0.1';

export interface Case {
  id: string;
  client: string;
  setting: Setting;
  server: LabServerName;
  host: Host;
}

export const OTHER_CIPHER = 'ECDHE-RSA-AES256-GCM-SHA384';

const S = (id: string, mode: Setting['mode'], more: Partial<Setting> = {}): Setting => ({ id, mode, user: 'plain', ...more });

/** The settings every lab fault is met with, on both host spellings. */
export const CORE_SETTINGS: readonly Setting[] = [
  S('default', 'default'),
  S('off', 'off'),
  S('no-verify', 'no-verify'),
  S('verify-ca', 'verify-ca', { ca: 'ca' }),
  S('verify-full', 'verify-full', { ca: 'ca' }),
  S('verify-system', 'verify-full'),
];

/** Settings about trust, met by the servers whose chains they are about. */
export const TRUST_SETTINGS: readonly Setting[] = [
  S('wrong-ca', 'verify-full', { ca: 'ca-other' }),
  S('root-only-ca', 'verify-full', { ca: 'root-only' }),
  S('expired-ca', 'verify-full', { ca: 'ca-expired' }),
];
export const TRUST_SERVERS: readonly LabServerName[] = ['healthy', 'other-ca', 'no-intermediate', 'with-intermediate'];

/** Version and cipher pins, met by the servers that limit versions or ciphers. */
export const PIN_SETTINGS: readonly Setting[] = [
  S('tls12', 'no-verify', { version: 'TLSv1.2' }),
  S('tls13', 'no-verify', { version: 'TLSv1.3' }),
  S('cipher', 'no-verify', { cipher: OTHER_CIPHER, version: 'TLSv1.2' }),
];
export const PIN_SERVERS: readonly LabServerName[] = ['healthy', 'tls12-only', 'tls13-only', 'legacy-only', 'one-cipher'];

/** Local files and accounts, met by the healthy server. */
export const LOCAL_SETTINGS: readonly Setting[] = [
  S('ca-missing', 'verify-full', { ca: 'missing' }),
  S('ca-der', 'verify-full', { ca: 'ca-der' }),
  S('ca-truncated', 'verify-full', { ca: 'ca-truncated' }),
  S('ca-is-key', 'verify-full', { ca: 'key-as-ca' }),
  S('client-cert', 'verify-full', { ca: 'ca', cert: 'client-cert', key: 'client-key', user: 'requireX509' }),
  S('x509-no-cert', 'verify-full', { ca: 'ca', user: 'requireX509' }),
  S('client-cert-expired', 'verify-full', { ca: 'ca', cert: 'client-cert-expired', key: 'client-key', user: 'requireX509' }),
  S('client-key-mismatch', 'verify-full', { ca: 'ca', cert: 'client-cert', key: 'client-key-mismatched', user: 'requireX509' }),
  S('client-key-encrypted', 'verify-full', { ca: 'ca', cert: 'client-cert', key: 'client-key-encrypted', user: 'requireX509' }),
  S('require-ssl-off', 'off', { user: 'requireSsl' }),
  S('require-ssl-default', 'default', { user: 'requireSsl' }),
  S('require-ssl-no-verify', 'no-verify', { user: 'requireSsl' }),
];

export const ALL_SERVERS: readonly LabServerName[] = [
  'healthy', 'expired', 'not-yet-valid', 'other-ca', 'no-intermediate', 'with-intermediate', 'wrong-san',
  'ip-only-san', 'tls13-only', 'tls12-only', 'legacy-only', 'one-cipher', 'tls-disabled', 'secure-transport',
];

/** Every case for a client that can spell the given settings (`spells(s)` false: the client has no such setting). */
export function casesFor(client: string, spells: (s: Setting) => boolean): Case[] {
  const out: Case[] = [];
  const add = (setting: Setting, server: LabServerName, host: Host) => {
    if (spells(setting)) out.push({ id: `${client}/${setting.id}/${server}/${host}`, client, setting, server, host });
  };
  for (const s of CORE_SETTINGS) for (const server of ALL_SERVERS) for (const host of ['127.0.0.1', 'localhost'] as const) add(s, server, host);
  for (const s of TRUST_SETTINGS) for (const server of TRUST_SERVERS) add(s, server, '127.0.0.1');
  for (const s of PIN_SETTINGS) for (const server of PIN_SERVERS) add(s, server, '127.0.0.1');
  for (const s of LOCAL_SETTINGS) add(s, 'healthy', '127.0.0.1');
  return out;
}

/**
 * The defects present in a case and the finding codes that name each, from the lab's design:
 * what each server was built to get wrong, and what each setting gets wrong by itself. A client
 * that fails must be told one of these; which of them bites depends on the client.
 */
export function defectsOf(c: Case, socketForLocalhost: boolean): Map<string, string[]> {
  const d = new Map<string, string[]>();
  const s = c.setting;
  if (c.host === 'localhost' && socketForLocalhost) {
    d.set('localhost is the Unix socket, and no server listens on it', ['unreachable']);
    return d;
  }
  const serverDefect: Partial<Record<LabServerName, [string, string[]]>> = {
    expired: ['the server certificate expired', ['cert-expired']],
    'not-yet-valid': ['the server certificate is not yet valid', ['cert-not-yet-valid']],
    'other-ca': ['the server certificate is issued by another CA', ['ca-untrusted', 'ca-not-configured']],
    'no-intermediate': ['the server sends no intermediate', ['intermediate-missing', 'ca-untrusted', 'ca-not-configured']],
    'with-intermediate': ['the chain leads to the root-only CA', ['ca-untrusted', 'ca-not-configured']],
    'wrong-san': ['the certificate names only db.example.com', ['hostname-mismatch']],
    'tls13-only': ['the server accepts only TLS 1.3', ['tls-version-mismatch']],
    'tls12-only': ['the server accepts only TLS 1.2', ['tls-version-mismatch']],
    'legacy-only': ['the server accepts only TLS 1.0 and 1.1', ['tls-version-mismatch']],
    'one-cipher': ['the server accepts one TLS 1.2 cipher', ['cipher-mismatch', 'tls-version-mismatch']],
    'tls-disabled': ['the server has TLS disabled', ['server-tls-disabled']],
    'secure-transport': ['the server refuses plaintext logins', ['account-requires-tls']],
  };
  const fault = serverDefect[c.server];
  if (fault) d.set(fault[0], fault[1]);
  if (c.server === 'ip-only-san') d.set('the certificate names only the IP 127.0.0.1, no DNS name', ['hostname-mismatch']);
  const caDefect: Partial<Record<LabFileName, [string, string[]]>> = {
    'ca-other': ['the CA file is another CA', ['ca-untrusted']],
    'root-only': ['the CA file holds only the intermediate\'s root', ['ca-untrusted', 'intermediate-missing']],
    'ca-expired': ['the CA file\'s certificate expired', ['ca-untrusted', 'cert-expired']],
    missing: ['the CA file does not exist', ['file-missing']],
    'ca-der': ['the CA file is DER, not PEM', ['file-der-encoded']],
    'ca-truncated': ['the CA file is cut off', ['file-truncated']],
    'key-as-ca': ['the CA file holds a private key', ['file-wrong-kind']],
  };
  if (s.ca && caDefect[s.ca]) d.set(caDefect[s.ca]![0], caDefect[s.ca]![1]);
  if (s.mode === 'verify-full' && !s.ca) d.set('verification with no CA given (the lab CA is not a public one)', ['ca-not-configured', 'ca-untrusted']);
  if (s.cert === 'client-cert-expired') d.set('the client certificate expired', ['client-cert-expired']);
  if (s.key === 'client-key-mismatched') d.set('the client key is not the certificate\'s', ['key-cert-mismatch']);
  if (s.key === 'client-key-encrypted') d.set('the client key is encrypted', ['key-encrypted']);
  if (s.user === 'requireX509' && !s.cert) d.set('the account requires a client certificate, none is given', ['login-refused', 'account-requires-tls']);
  if (s.user === 'requireSsl') d.set('the account requires TLS', ['account-requires-tls']);
  if (s.version === 'TLSv1.2' && ['tls13-only', 'legacy-only'].includes(c.server)) d.set('TLS 1.2 is pinned', ['tls-version-mismatch']);
  if (s.version === 'TLSv1.3' && ['tls12-only', 'legacy-only', 'one-cipher'].includes(c.server)) d.set('TLS 1.3 is pinned', ['tls-version-mismatch']);
  if (s.cipher && c.server === 'one-cipher') d.set('the pinned cipher is not the server\'s', ['cipher-mismatch']);
  return d;
}
