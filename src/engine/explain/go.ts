import type { Rule } from './match';

/* go-sql-driver/mysql and Go's crypto/tls and crypto/x509. */

const UNKNOWN_AUTHORITY =
  '"x509: certificate signed by unknown authority" does not tell a wrong CA from a missing intermediate, or a tls.Config without RootCAs (Go then uses the system store).';

const FIRST_RECORD =
  '"first record does not look like a TLS handshake" means the reply was not TLS: usually a server without TLS, not a TLS version problem.';

export const goRules: Rule[] = [
  { client: 'go', pattern: 'go-sql-driver error', needles: ['[mysql]', 'packets.go', 'driver: bad connection', 'invalid connection'], codes: [], weight: 10 },
  { client: 'go', pattern: 'x509 expired (after)', needles: ['x509: certificate has expired or is not yet valid'], followedBy: ['is after'], within: 120, codes: ['cert-expired'], weight: 95 },
  { client: 'go', pattern: 'x509 not yet valid (before)', needles: ['x509: certificate has expired or is not yet valid'], followedBy: ['is before'], within: 120, codes: ['cert-not-yet-valid'], weight: 95 },
  { client: 'go', pattern: 'x509 expired or not yet valid', needles: ['certificate has expired or is not yet valid'], notFollowedWithin: ['is after', 'is before'], within: 120, codes: ['cert-expired', 'cert-not-yet-valid'], weight: 70 },
  { client: 'go', pattern: 'x509 unknown authority', needles: ['x509: certificate signed by unknown authority', 'certificate signed by unknown authority'], codes: ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], weight: 80, misleading: UNKNOWN_AUTHORITY },
  {
    client: 'go', pattern: 'x509 host name', weight: 95, codes: ['hostname-mismatch'],
    needles: ['x509: certificate is valid for', 'x509: certificate is not valid for any names', "because it doesn't contain any ip sans", 'certificate relies on legacy common name field'],
  },
  { client: 'go', pattern: 'TLS requested but not supported', needles: ['tls requested but server does not support tls'], codes: ['server-tls-disabled'], weight: 100 },
  { client: 'go', pattern: 'tls protocol version', needles: ['tls: protocol version not supported', 'tls: server selected unsupported protocol version', 'tls: no supported versions satisfy'], codes: ['tls-version-mismatch'], weight: 85 },
  { client: 'go', pattern: 'tls handshake failure', needles: ['tls: handshake failure'], codes: ['cipher-mismatch', 'tls-version-mismatch'], weight: 55 },
  { client: 'go', pattern: 'tls no common cipher', needles: ['tls: no cipher suite supported by both client and server', 'tls: server chose an unconfigured cipher suite', 'tls: no ecdhe curve'], codes: ['cipher-mismatch'], weight: 85 },
  { client: 'go', pattern: 'tls first record not TLS', needles: ['first record does not look like a tls handshake', 'tls: oversized record received'], codes: ['server-tls-disabled', 'tls-version-mismatch'], weight: 55, misleading: FIRST_RECORD },
  { client: 'go', pattern: 'tls remote bad certificate', needles: ['remote error: tls: bad certificate', 'remote error: tls: certificate required'], codes: ['ca-untrusted', 'client-cert-expired'], weight: 50, note: 'The SERVER rejected the client certificate (or its absence).' },
  { client: 'go', pattern: 'tls remote unknown CA', needles: ['remote error: tls: unknown certificate authority'], codes: ['ca-untrusted'], weight: 60, note: 'The SERVER does not trust the CA of the client certificate.' },
  { client: 'go', pattern: 'tls remote expired certificate', needles: ['remote error: tls: expired certificate'], codes: ['client-cert-expired'], weight: 85 },
  { client: 'go', pattern: 'tls remote internal error', needles: ['remote error: tls: internal error'], codes: ['tls-version-mismatch', 'cipher-mismatch'], weight: 30 },
  { client: 'go', pattern: 'tls no PEM data', needles: ['tls: failed to find any pem data', 'failed to append pem'], codes: ['file-der-encoded', 'file-wrong-kind', 'file-truncated'], weight: 60 },
  { client: 'go', pattern: 'tls key does not match', needles: ['tls: private key does not match public key'], codes: ['key-cert-mismatch'], weight: 95 },
  { client: 'go', pattern: 'tls cannot parse key', needles: ['tls: failed to parse private key', 'x509: failed to parse private key', 'x509: no der encoded'], codes: ['file-wrong-kind', 'key-encrypted'], weight: 55 },
  { client: 'go', pattern: 'x509 malformed', needles: ['x509: malformed'], codes: ['file-truncated', 'file-wrong-kind'], weight: 55 },
];
