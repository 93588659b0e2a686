import type { Rule } from './match';

/* Prisma (its Rust engine; native-tls on OpenSSL, or rustls in some builds). */

export const prismaRules: Rule[] = [
  { client: 'prisma', pattern: 'P1011 TLS error', needles: ['p1011', 'error opening a tls connection'], codes: [], weight: 10 },
  { client: 'prisma', pattern: "P1001 can't reach", needles: ['p1001', "can't reach database server"], codes: ['unreachable'], weight: 70 },
  { client: 'prisma', pattern: 'P1017 server closed', needles: ['p1017', 'server has closed the connection'], codes: [], weight: 10 },
  { client: 'prisma', pattern: 'P1000 authentication failed', needles: ['p1000', 'authentication failed against database server'], codes: ['account-requires-tls'], weight: 20, fallback: true },
  { client: 'prisma', pattern: 'rustls unknown issuer', needles: ['invalid peer certificate: unknownissuer', 'unknownissuer'], codes: ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], weight: 80 },
  { client: 'prisma', pattern: 'unknown cert authority', needles: ['unknown cert authority'], codes: ['ca-untrusted', 'intermediate-missing', 'ca-not-configured'], weight: 75 },
  { client: 'prisma', pattern: 'rustls expired', needles: ['invalid peer certificate: expired', 'certificate expired: verification time'], codes: ['cert-expired'], weight: 90 },
  { client: 'prisma', pattern: 'rustls not valid for name', needles: ['invalid peer certificate: notvalidforname', 'certificate not valid for name', 'notvalidforname'], codes: ['hostname-mismatch'], weight: 95 },
];
