import type { X509Certificate } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { bytesToIp, ipToBytes, isIpAddress, normalizeIp } from './ip';
import { dnAttrs, sanEntries } from './x509';

export interface HostMatch {
  matches: boolean;
  /** 'cn' when the CN decided (no SAN at all, or no DNS SAN and the CN matched). */
  via: 'san' | 'cn';
  /** The names the certificate is issued for (SANs, or CNs when it has no SAN). */
  names: string[];
  /** Concrete names the client could connect to instead, most likely first (no wildcards). */
  suggestions: string[];
  /** Names the certificate is issued for that this client would still refuse (see checks/chain.ts). */
  unusable?: string[];
  /** Extra (C): one sentence when the rule applied needs saying (CN fallback, IPs never match a CN). */
  note?: string;
}

/**
 * 'node': Node's checkServerIdentity, Go and Java (a trailing dot dropped, an IP never matches a CN).
 * 'openssl': libmysqlclient and MariaDB Connector/C, which accept a host when OpenSSL's
 * X509_check_host or X509_check_ip_asc does (names compared as written, "127.000.000.001" an IP).
 * 'python': Python's ssl module (PyMySQL): OpenSSL's, but an IP host against IP SANs only, no partial wildcard.
 */
export type HostRules = 'node' | 'openssl' | 'python';

/**
 * Whether `host` is a name the leaf certificate is issued for, the way OpenSSL's X509_check_host/
 * X509_check_ip, Node's checkServerIdentity and Java's HostnameChecker decide it: an IP against
 * IP SANs only, compared as bytes; a DNS name against DNS SANs (a wildcard covers exactly the
 * leftmost label, RFC 6125), or against the CN when the certificate has no DNS SAN.
 */
export function matchHostname(host: string, leaf: X509Certificate, rules: HostRules = 'node'): HostMatch {
  if (rules !== 'node') return matchLikeOpenssl(host, leaf, rules === 'python');
  const entries = sanEntries(leaf);
  const dnsNames = entries.filter((e) => e.type === 'DNS').map((e) => cleanDns(e.value));
  const ips = entries.filter((e) => e.type === 'IP').map((e) => e.value);
  const cns = dnAttrs(leaf.subject, 'CN');
  const hasSan = dnsNames.length + ips.length > 0;
  const names = hasSan ? [...dnsNames, ...ips] : cns;
  const result: HostMatch = { matches: false, via: hasSan ? 'san' : 'cn', names, suggestions: [] };
  // A trailing dot (fully qualified form) is dropped before deciding whether the host is an IP.
  const hostIp = normalizeIp(host.trim().replace(/\.$/, ''));
  if (hostIp) {
    result.matches = ips.includes(hostIp);
    if (!hasSan) result.note = 'An IP address is checked against IP SANs only, and this certificate has no SAN; its CN is not consulted.';
  } else if (dnsNames.length > 0) {
    result.matches = dnsNames.some((p) => dnsMatches(cleanDns(host), p));
  } else {
    result.matches = cns.some((p) => dnsMatches(cleanDns(host), p));
    if (result.matches && hasSan) {
      result.via = 'cn';
      result.note = `The certificate has no DNS SAN, so clients fall back to its CN (${cns.join(', ')}), which names ${host}.`;
    }
  }
  if (!result.matches) result.suggestions = suggestions(hostIp ?? cleanDns(host), names);
  return result;
}

/** Whether a DNS host matches one certificate name (exact, or a leftmost-label wildcard). */
export function dnsMatches(host: string, pattern: string): boolean {
  const p = cleanDns(pattern);
  if (host === '' || p === '') return false;
  if (!p.includes('*')) return host === p;
  const pl = p.split('.');
  const hl = host.split('.');
  // The star sits in the leftmost label only, with at least two labels after it (no `*.com`).
  if (pl.length < 3 || pl.length !== hl.length) return false;
  if (pl.slice(1).some((l) => l.includes('*')) || pl.slice(1).join('.') !== hl.slice(1).join('.')) return false;
  return labelMatches(hl[0], pl[0]);
}

function labelMatches(label: string, pattern: string): boolean {
  const star = pattern.indexOf('*');
  if (star !== pattern.lastIndexOf('*') || label === '') return false;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  // A partial wildcard (`db*`) must not match into an internationalised (xn--) label.
  if ((prefix || suffix) && label.startsWith('xn--')) return false;
  return label.length >= prefix.length + suffix.length && label.startsWith(prefix) && label.endsWith(suffix);
}

function cleanDns(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\.$/, '');
  if (/^[\x20-\x7e]*$/.test(lower)) return lower;
  return domainToASCII(lower) || lower;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

function isLoopback(name: string): boolean {
  return LOOPBACK_NAMES.has(name) || name.startsWith('127.') || name.endsWith('.localhost');
}

/** Names to connect to instead: concrete ones only, loopback first when the host is loopback. */
function suggestions(self: string, names: string[]): string[] {
  const concrete = [...new Set(names.filter((n) => !n.includes('*') && n !== self && n !== ''))];
  if (!isLoopback(self)) return concrete;
  return [...concrete.filter(isLoopback), ...concrete.filter((n) => !isLoopback(n))];
}

/**
 * The one rule for "is this a DNS host name": dot-separated labels of letters, digits, hyphens and
 * underscores, each 1-63 long and not starting or ending with a hyphen, 253 in all. An IP address
 * (IPv4, IPv6 with or without brackets and zone id) never is one, nor a string of digits and dots
 * (resolvers take "300.1.1.1" as a bad address, not a name). One trailing dot (FQDN) is ignored.
 */
export function isDnsName(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253 || /^[0-9.]+$/.test(name) || isIpAddress(name)) return false;
  return name.split('.').every((label) => label.length > 0 && label.length <= 63 && /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/i.test(label));
}

/**
 * What a client puts in the TLS server_name extension for `host`, or undefined when it sends none:
 * SNI carries no IP address and no trailing dot (RFC 6066 section 3); an IDN goes as its A-label.
 */
export function sniName(host: string): string | undefined {
  const name = host.trim().replace(/\.$/, '');
  if (name === '' || isIpAddress(name)) return undefined;
  const ascii = /^[\x00-\x7f]*$/.test(name) ? name : domainToASCII(name);
  return ascii && isDnsName(ascii) ? ascii : undefined;
}

/**
 * X509_check_host OR X509_check_ip_asc, as `openssl x509 -checkhost/-checkip` shows them: names are
 * compared as written (a trailing dot on one side only does not match), the CN is consulted when no
 * DNS SAN exists even for an IP-looking host, and an IPv4 may have leading zeros (decimal).
 * Python's ssl module asks OpenSSL one question instead: an IP host goes to X509_VERIFY_PARAM_set1_ip
 * (IP SANs only, never a name or the CN), any other to set1_host with NO_PARTIAL_WILDCARDS, as its A-label.
 */
function matchLikeOpenssl(host: string, leaf: X509Certificate, python: boolean): HostMatch {
  const entries = sanEntries(leaf);
  const dnsNames = entries.filter((e) => e.type === 'DNS').map((e) => e.value.toLowerCase());
  const ips = entries.filter((e) => e.type === 'IP').map((e) => e.value);
  const cns = dnAttrs(leaf.subject, 'CN');
  const hasSan = dnsNames.length + ips.length > 0;
  const names = hasSan ? [...dnsNames, ...ips] : cns;
  const name = python ? pythonName(host) : host.toLowerCase();
  const hostIp = opensslIp(host);
  const asName = (p: string) => opensslDnsMatches(name, p, python);
  // Python hands an IP host to set1_ip alone: no DNS SAN and no CN is compared with it.
  const namesAsked = !(python && hostIp);
  const byName = namesAsked && (dnsNames.length > 0 ? dnsNames.some(asName) : cns.some((p) => asName(p.toLowerCase())));
  const matches = byName || (hostIp !== undefined && ips.includes(hostIp));
  const result: HostMatch = { matches, via: byName && dnsNames.length === 0 ? 'cn' : hasSan ? 'san' : 'cn', names, suggestions: [] };
  if (python && hostIp && !matches && cns.some((cn) => opensslIp(cn) === hostIp)) {
    result.note = `Python checks an IP address against IP SANs only; the CN ${hostIp} is not consulted.`;
  }
  // Names are compared as written here: "db.example.com" is a real alternative to "db.example.com.".
  if (!matches) result.suggestions = suggestions(hostIp ?? name, names);
  return result;
}

// A pattern ending in a dot is compared as it is: OpenSSL applies no wildcard to it. Nor does it take
// a star inside a label (`d*b`), only at either end of the leftmost one (`db*`, `*db`, `*`), and
// with Python's X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS only a whole-label `*`.
function opensslDnsMatches(host: string, pattern: string, wholeLabelStar: boolean): boolean {
  if (host === '' || pattern === '') return false;
  if (pattern.endsWith('.') || host.endsWith('.')) return host === pattern;
  const first = pattern.split('.')[0];
  const starTaken = wholeLabelStar ? first === '*' : first.startsWith('*') || first.endsWith('*');
  if (first.includes('*') && !starTaken) return false;
  return dnsMatches(host, pattern) && (!starTaken || starCoversLdh(host.split('.')[0], first));
}

// What the star stands for may hold letters, digits and hyphens only: `my_db` or a UTF-8 label
// never matches `*.example.com` (OpenSSL's wildcard_match).
function starCoversLdh(label: string, pattern: string): boolean {
  const star = pattern.indexOf('*');
  const covered = label.slice(star, label.length - (pattern.length - star - 1));
  return /^[A-Za-z0-9-]*$/.test(covered);
}

// Python encodes the host with its idna codec before OpenSSL sees it; a trailing dot stays.
function pythonName(host: string): string {
  if (/^[\x00-\x7f]*$/.test(host)) return host.toLowerCase();
  return domainToASCII(host) || host.toLowerCase();
}

/** The address OpenSSL's a2i_IPADDRESS reads: four decimal parts of 0-255 (leading zeros allowed), or IPv6 without brackets or zone. */
function opensslIp(text: string): string | undefined {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const parts = v4.slice(1).map((p) => parseInt(p, 10));
    return parts.every((n) => n <= 255) ? parts.join('.') : undefined;
  }
  if (!text.includes(':') || /[[\]%]/.test(text)) return undefined;
  const bytes = ipToBytes(text);
  return bytes ? bytesToIp(bytes) : undefined;
}
