import type { EffectiveTls } from '../drivers/effective';
import { isLegacyTls, TLS_VERSIONS, type TlsVersion } from '../model/connection';
import { finding, type Finding, type Fix } from '../model/finding';

const MODERN: TlsVersion[] = ['TLSv1.2', 'TLSv1.3'];

export function acceptedVersions(protocols: Partial<Record<TlsVersion, boolean>>): TlsVersion[] {
  return TLS_VERSIONS.filter((v) => protocols[v]);
}

/** No protocol version in common (cause 4), judged from what the server accepted in the probe. */
export function versionFindings(eff: EffectiveTls, protocols: Partial<Record<TlsVersion, boolean>>): Finding[] {
  const server = acceptedVersions(protocols);
  if (server.length === 0) return [];
  const common = eff.versions.filter((v) => server.includes(v));
  if (common.length > 0) return [];
  const modernOnServer = server.filter((v) => MODERN.includes(v));
  const fixes: Fix[] = [];
  if (modernOnServer.length > 0) {
    fixes.push({
      kind: 'set-tls-versions',
      title: `Allow ${modernOnServer.join(' and ')} in the client (what the server accepts)`,
      versions: unionVersions(eff.versions.filter((v) => MODERN.includes(v)), modernOnServer),
      preferred: true,
    });
  } else {
    fixes.push({
      kind: 'server-change',
      title: 'Enable TLS 1.2 and 1.3 on the server',
      preferred: true,
      commands: ['# my.cnf, [mysqld]', 'tls_version = TLSv1.2,TLSv1.3', '# restart the server'],
    });
    fixes.push({
      kind: 'set-tls-versions',
      title: `Allow ${server.join(' and ')} in the client: gives up protection against known attacks on TLS 1.0/1.1`,
      versions: server,
    });
  }
  return [
    finding(
      'tls-version-mismatch',
      `No TLS version in common: the client offers ${eff.versions.join(', ')}, the server accepts ${server.join(', ')}`,
      'The handshake stops at once with "unsupported protocol" / "no protocols available" / "wrong version number" (ERROR 2026). ' +
        (modernOnServer.length ? 'Let the client offer what the server accepts.' : 'The server accepts only deprecated versions: upgrade the server side.'),
      { client: eff.versions, server },
      fixes,
      'tlsVersions',
    ),
  ];
}

function unionVersions(a: TlsVersion[], b: TlsVersion[]): TlsVersion[] {
  return TLS_VERSIONS.filter((v) => a.includes(v) || b.includes(v));
}

/** The server still accepts TLS 1.0 or 1.1. */
export function legacyFindings(protocols: Partial<Record<TlsVersion, boolean>>): Finding[] {
  const legacy = TLS_VERSIONS.filter((v) => isLegacyTls(v) && protocols[v]);
  if (legacy.length === 0) return [];
  return [
    finding(
      'legacy-tls-enabled',
      `The server accepts ${legacy.join(' and ')}`,
      'TLS 1.0 and 1.1 are deprecated (RFC 8996): modern clients refuse them, and a downgrade weakens every connection. Limit the server to TLS 1.2 and 1.3.',
      { legacy },
      [{ kind: 'server-change', title: 'Limit the server to TLS 1.2 and 1.3', preferred: true, commands: ['# my.cnf, [mysqld]', 'tls_version = TLSv1.2,TLSv1.3'] }],
    ),
  ];
}

/**
 * No cipher in common (cause 5). The versions overlap, yet a handshake with the client's own
 * cipher settings failed while one with default settings succeeded: the cipher lists are the
 * difference. The server's suites come from the probe, the client's from its settings.
 */
export function cipherFindings(
  eff: EffectiveTls,
  serverCiphers: Partial<Record<TlsVersion, string[]>>,
  clientHandshakeFailed: boolean,
  defaultHandshakeWorked: boolean,
  clientError?: string,
): Finding[] {
  if (!clientHandshakeFailed || !defaultHandshakeWorked) return [];
  if (!eff.ciphers && !eff.ciphersuites) return [];
  const offered = Object.values(serverCiphers).flat();
  if (clientError && /no cipher match/i.test(clientError)) return [unknownCipherNames(eff, offered)];
  return [
    finding(
      'cipher-mismatch',
      'No cipher suite in common between the client and the server',
      `The client restricts its ciphers (${[eff.ciphers, eff.ciphersuites].filter(Boolean).join('; ')}) and the server accepts none of them` +
        (offered.length ? ` (the server accepts ${offered.join(', ')}).` : '.') +
        ' The handshake ends with a handshake_failure alert (ERROR 2026 "sslv3 alert handshake failure").',
      { client: { ciphers: eff.ciphers, ciphersuites: eff.ciphersuites }, server: serverCiphers },
      [
        offered.length
          ? { kind: 'manual', title: `Allow one of the server's ciphers in the client, e.g. ${offered[0]}`, preferred: true }
          : { kind: 'manual', title: 'Remove the cipher restriction from the client', preferred: true },
        { kind: 'server-change', title: 'Or widen ssl_cipher on the server to modern AEAD suites', commands: ['# my.cnf, [mysqld]', 'ssl_cipher = ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256'] },
      ],
      'cipher',
    ),
  ];
}

/** The client's list names no cipher OpenSSL knows: a typo, or IANA names where OpenSSL's are expected. */
function unknownCipherNames(eff: EffectiveTls, offered: string[]): Finding {
  return finding(
    'cipher-mismatch',
    "The client's cipher list names no cipher the TLS library knows",
    `No name in "${[eff.ciphers, eff.ciphersuites].filter(Boolean).join('; ')}" is a cipher OpenSSL knows ("no cipher match"), so the client offers none and cannot connect. ` +
      'Check the spelling; MySQL clients take OpenSSL names (ECDHE-RSA-AES128-GCM-SHA256), not IANA names (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256), for TLS 1.2.' +
      (offered.length ? ` The server accepts ${offered.join(', ')}.` : ''),
    { client: { ciphers: eff.ciphers, ciphersuites: eff.ciphersuites }, reason: 'no cipher match' },
    [offered.length ? { kind: 'manual', title: `Name a cipher the server accepts, e.g. ${offered[0]}`, preferred: true } : { kind: 'manual', title: 'Remove the cipher restriction from the client', preferred: true }],
    'cipher',
  );
}
