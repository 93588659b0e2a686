import { isIP } from 'node:net';

/**
 * IP address text <-> bytes. Certificates store IP SANs as 4 or 16 raw bytes, while people write
 * `::1`, `[::1]`, `0:0:0:0:0:0:0:1` or `fe80::1%eth0`; comparing bytes makes them all equal.
 */

/** The raw bytes of an IPv4/IPv6 address, or undefined when `text` is not one. */
export function ipToBytes(text: string): Buffer | undefined {
  const bare = stripBracketsAndZone(text);
  const family = isIP(bare);
  if (family === 4) return ipv4Bytes(bare);
  if (family === 6) return ipv6Bytes(bare);
  return undefined;
}

/** The canonical text of an address (`0:0::1` -> `::1`), or undefined when `text` is not one. */
export function normalizeIp(text: string): string | undefined {
  const bytes = ipToBytes(text);
  return bytes ? bytesToIp(bytes) : undefined;
}

export function isIpAddress(text: string): boolean {
  return ipToBytes(text) !== undefined;
}

/** Text of 4 or 16 address bytes; IPv6 in the RFC 5952 short form. */
export function bytesToIp(bytes: Buffer): string | undefined {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length !== 16) return undefined;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i));
  return compressIpv6(groups);
}

function stripBracketsAndZone(text: string): string {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  return zone >= 0 ? s.slice(0, zone) : s;
}

function ipv4Bytes(text: string): Buffer {
  return Buffer.from(text.split('.').map((p) => Number(p)));
}

function ipv6Bytes(text: string): Buffer {
  const out = Buffer.alloc(16);
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = groupsOf(head);
  const tailGroups = tail === undefined ? [] : groupsOf(tail);
  headGroups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  const tailStart = 8 - tailGroups.length;
  tailGroups.forEach((g, i) => out.writeUInt16BE(g, (tailStart + i) * 2));
  return out;
}

/** Hex groups of one side of `::`; a trailing dotted IPv4 counts as two groups. */
function groupsOf(part: string): number[] {
  if (part === '') return [];
  const groups: number[] = [];
  for (const piece of part.split(':')) {
    if (piece.includes('.')) {
      const v4 = ipv4Bytes(piece);
      groups.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
    } else {
      groups.push(parseInt(piece, 16));
    }
  }
  return groups;
}

function compressIpv6(groups: number[]): string {
  // Longest run of zero groups (length >= 2) becomes `::`, as RFC 5952 asks.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLen).join(':');
  return `${left}::${right}`;
}
