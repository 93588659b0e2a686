/**
 * A real TLS handshake with Node's `tls` after the SSLRequest, with the client's own settings.
 * Nothing is verified here (rejectUnauthorized false): the caller verifies the returned chain.
 */
import * as tls from 'node:tls';
import type { Socket } from 'node:net';
import { sniName } from '../certs/hostname';
import { isLegacyTls, type TlsVersion } from '../model/connection';
import { aborted, withSaneTimeout } from './connect';
import { openForTls } from './greeting';
import type { Greeting, ProbeFailure, ProbeOptions, ProbeTarget } from './types';

export interface HandshakeSettings {
  minVersion?: TlsVersion;
  maxVersion?: TlsVersion;
  /** TLS 1.2-and-below cipher list (OpenSSL syntax), as the client sets it. */
  ciphers?: string;
  /** TLS 1.3 suites, as the client sets them. */
  ciphersuites?: string;
  /** Accepted for completeness; trust is the caller's check, not the handshake's. */
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
  servername?: string;
}

export interface HandshakeResult {
  ok: boolean;
  protocol?: string;
  cipher?: string;
  /** The presented chain, DER, leaf first, each certificate followed by its issuer when sent. */
  chainDer: Buffer[];
  /** The TLS alert that ended the handshake (`protocol_version`, `handshake_failure`...). */
  alert?: string;
  error?: string;
  failure?: ProbeFailure;
  greeting?: Greeting;
}

/**
 * The trust store handed to `tls`: one throwaway self-signed certificate that issues nothing.
 * Without it Node completes `getPeerCertificate(true)` with a root from its own store, and the
 * chain would no longer be what the server sent.
 */
const TRUSTS_NOTHING = `-----BEGIN CERTIFICATE-----
MIIBuTCCAV+gAwIBAgIUM9lpAux30pEBodC79s0fjyappA8wCgYIKoZIzj0EAwIw
MTEvMC0GA1UEAwwmbXlzcWwtdGxzLWRvY3RvciBwcm9iZTogdHJ1c3RzIG5vdGhp
bmcwIBcNMjYxMTIzMTk0NTAyWhgPMjEyNjEwMzAxOTQ1MDJaMDExLzAtBgNVBAMM
Jm15c3FsLXRscy1kb2N0b3IgcHJvYmU6IHRydXN0cyBub3RoaW5nMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAERj5U3zGLAmDyKSDdRWICLL6QHcCn4nL0oXSHgaQT
KUNU6DrHAI/lJ73+L2QNeKq33pPQ7Ld7vd40orxxEK1PyaNTMFEwHQYDVR0OBBYE
FPAcEY0MajDvP6LCr/ClcQRRWJ8AMB8GA1UdIwQYMBaAFPAcEY0MajDvP6LCr/Cl
cQRRWJ8AMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgT7pV3Qs+
nPnb0ffZcNzrIaZ93JbfAO5YTq4lau4FvekCIQDW6iB9Z3yRLhFJRMNaX21BRoFo
2GWN943tcWGSMtQTSQ==
-----END CERTIFICATE-----
`;

const MAX_CHAIN = 32;

export async function tlsHandshake(t: ProbeTarget, s: HandshakeSettings, o: ProbeOptions): Promise<HandshakeResult> {
  o = withSaneTimeout(o);
  const deadline = Date.now() + o.timeoutMs;
  const opened = await openForTls(t, o, deadline);
  if (!opened.greeting) return { ok: false, chainDer: [], failure: opened.failure };
  const greeting = opened.greeting;
  if (!opened.socket) {
    return { ok: false, chainDer: [], greeting, error: 'the server does not offer TLS (no CLIENT_SSL in its greeting)' };
  }
  o.log?.('SSLRequest sent, TLS handshake with the client settings');
  const r = await handshakeOn(opened.socket, t, s, o, deadline);
  r.greeting = greeting;
  o.log?.(r.ok ? `negotiated ${r.protocol} ${r.cipher}, ${r.chainDer.length} certificate(s) presented` : `handshake failed: ${r.alert ? `alert ${r.alert}` : r.error ?? r.failure?.message}`);
  return r;
}

/** Node's cipher options from the client's settings, TLS 1.2 list and TLS 1.3 suites kept apart. */
export function nodeCiphers(s: HandshakeSettings): string {
  const defaults = tls.DEFAULT_CIPHERS.split(':');
  const legacyDefault = defaults.filter((c) => !c.startsWith('TLS_')).join(':');
  const suitesDefault = defaults.filter((c) => c.startsWith('TLS_')).join(':');
  let legacy = s.ciphers ?? legacyDefault;
  // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level; the client under test may not.
  const old = isLegacyTls(s.minVersion) || isLegacyTls(s.maxVersion);
  if (old && !legacy.includes('@SECLEVEL')) legacy = `${legacy || 'DEFAULT'}:@SECLEVEL=0`;
  return [s.ciphersuites ?? suitesDefault, legacy].filter(Boolean).join(':');
}

function handshakeOn(socket: Socket, t: ProbeTarget, s: HandshakeSettings, o: ProbeOptions, deadline: number): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    let secure: tls.TLSSocket;
    try {
      secure = connectTls(connectOptions(socket, t, s));
    } catch (e) {
      socket.destroy();
      return resolve({ ok: false, chainDer: [], error: `the client TLS settings are not usable: ${(e as Error).message}` });
    }
    let done = false;
    const finish = (r: HandshakeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      secure.destroy();
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ ok: false, chainDer: [], failure: { kind: 'timeout', message: `the TLS handshake did not finish within ${o.timeoutMs} ms` } }),
      Math.max(0, deadline - Date.now()),
    );
    const onAbort = () => finish({ ok: false, chainDer: [], failure: aborted(o.signal) });
    o.signal?.addEventListener('abort', onAbort, { once: true });
    secure.once('secureConnect', () => {
      const cipher = secure.getCipher();
      finish({ ok: true, protocol: secure.getProtocol() ?? undefined, cipher: cipher?.name, chainDer: presentedChain(secure) });
    });
    secure.on('error', (e: NodeJS.ErrnoException) => finish(classifyTlsError(e, presentedChain(secure))));
    secure.once('close', () => finish({ ok: false, chainDer: [], failure: { kind: 'reset', message: 'the server closed the connection during the TLS handshake' } }));
  });
}

/**
 * tls.connect, retried once without `@SECLEVEL` when the local library rejects the cipher string:
 * VS Code's Electron uses BoringSSL, which has no security levels.
 */
function connectTls(options: tls.ConnectionOptions): tls.TLSSocket {
  try {
    return tls.connect(options);
  } catch (e) {
    const ciphers = options.ciphers ?? '';
    if (!ciphers.includes('@SECLEVEL')) throw e;
    return tls.connect({ ...options, ciphers: withoutSecurityLevel(ciphers) });
  }
}

/** `DEFAULT@SECLEVEL=0:X:@SECLEVEL=1` -> `DEFAULT:X`. */
export function withoutSecurityLevel(list: string): string {
  return list
    .split(':')
    .map((item) => (item.includes('@SECLEVEL') ? item.slice(0, item.indexOf('@SECLEVEL')) : item))
    .filter(Boolean)
    .join(':');
}

function connectOptions(socket: Socket, t: ProbeTarget, s: HandshakeSettings): tls.ConnectionOptions {
  const servername = s.servername ?? t.servername ?? t.host;
  const maxVersion = s.maxVersion ?? 'TLSv1.3';
  // Node's own floor is TLS 1.2; a client that only allows older versions lowers it.
  const minVersion = s.minVersion ?? (isLegacyTls(maxVersion) ? maxVersion : 'TLSv1.2');
  const options: tls.ConnectionOptions = {
    socket,
    rejectUnauthorized: false,
    ca: [TRUSTS_NOTHING],
    minVersion,
    maxVersion,
    ciphers: nodeCiphers({ ...s, minVersion, maxVersion }),
  };
  const sni = sniName(servername);
  if (sni) options.servername = sni;
  if (s.cert) options.cert = s.cert;
  if (s.key) options.key = s.key;
  return options;
}

/** Leaf first, then each issuer as the server sent it; stops at a self-signed one or a loop. */
function presentedChain(secure: tls.TLSSocket): Buffer[] {
  const out: Buffer[] = [];
  const seen = new Set<string>();
  let c: tls.DetailedPeerCertificate | undefined;
  try {
    c = secure.getPeerCertificate(true) as tls.DetailedPeerCertificate;
  } catch {
    return out;
  }
  while (c && c.raw && !seen.has(c.fingerprint256) && out.length < MAX_CHAIN) {
    seen.add(c.fingerprint256);
    out.push(Buffer.from(c.raw));
    c = c.issuerCertificate;
  }
  return out;
}

/** Turns a tls error into the alert received (from the error code) or a plain error. */
function classifyTlsError(e: NodeJS.ErrnoException, chainDer: Buffer[]): HandshakeResult {
  const code = e.code ?? '';
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return { ok: false, chainDer, failure: { kind: 'reset', message: 'the server closed the connection during the TLS handshake' }, error: e.message };
  }
  const at = code.indexOf('_ALERT_');
  // OpenSSL errors carry a short `reason` ("tlsv1 alert protocol version"); the message adds file and line noise.
  const reason = (e as { reason?: unknown }).reason;
  const text = typeof reason === 'string' && reason ? reason : e.message.split('\n')[0];
  const notTls = code.endsWith('_WRONG_VERSION_NUMBER') || code.endsWith('_PACKET_LENGTH_TOO_LONG') || code.endsWith('_HTTP_REQUEST');
  const prefix = notTls ? 'the server did not answer the ClientHello with TLS: ' : '';
  const r: HandshakeResult = { ok: false, chainDer, error: `${prefix}${text}${code ? ` (${code})` : ''}` };
  if (at >= 0) r.alert = code.slice(at + '_ALERT_'.length).toLowerCase();
  return r;
}
