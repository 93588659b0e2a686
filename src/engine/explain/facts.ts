/*
 * Facts a message spells out (the host name used, the names the certificate holds, a date), read
 * from a small window around the matched text so that a finding can say "db.internal is not in
 * the certificate" instead of "a host name". Plain indexOf scans over at most a few hundred
 * characters: no regular expressions on pasted text.
 */
import { maskedSlice } from './secrets';

export interface HostFacts {
  /** The host the client connected to. */
  host?: string;
  /** The names the certificate holds, as the message lists them. */
  certNames?: string[];
}

export interface DateFacts {
  notAfter?: string;
  notBefore?: string;
}

const WINDOW = 400;
/** The start of a message can sit well before the words that matched (PHP's "Peer certificate CN="). */
const BEFORE = 160;
const MAX_VALUE = 120;

/** The text after `marker` up to the first of `stops` (or the end of the line), trimmed. */
function after(text: string, marker: string, stops: string): string | undefined {
  const at = text.indexOf(marker);
  if (at < 0) return undefined;
  const from = at + marker.length;
  let end = from;
  while (end < text.length && end - from < MAX_VALUE && !stops.includes(text[end]) && text[end] !== '\n') end++;
  const value = text.slice(from, end).trim();
  return value.length > 0 ? value : undefined;
}

/** `DNS:a, DNS:b, IP Address:1.2.3.4` or `a, b` -> the bare names. */
function names(list: string | undefined): string[] | undefined {
  if (!list) return undefined;
  const out = list
    .split(',')
    .map((n) => n.trim().replace(/^(DNS|IP Address|IP):/i, '').replace(/^"|"$/g, ''))
    .filter((n) => n.length > 0);
  return out.length ? out : undefined;
}

function stripDot(host: string | undefined): string | undefined {
  return host?.endsWith('.') ? host.slice(0, -1) : host;
}

type HostReader = (w: string) => HostFacts | undefined;

const HOST_READERS: HostReader[] = [
  // Go: x509: certificate is valid for a, b, not c
  (w) => {
    const list = after(w, 'certificate is valid for ', '');
    if (!list) return undefined;
    const cut = list.lastIndexOf(', not ');
    return cut < 0 ? undefined : { host: list.slice(cut + 6).trim(), certNames: names(list.slice(0, cut)) };
  },
  (w) => ({ host: after(w, 'but wanted to match ', ' "\'') }),
  (w) => ({ host: after(w, 'cannot validate certificate for ', ' ') }),
  // Node: Host: c. is not in the cert's altnames: DNS:a  /  IP: c is not in the cert's list: a
  (w) => ({ host: stripDot(after(w, 'Host: ', ' ')), certNames: names(after(w, "cert's altnames: ", '"\'}')) }),
  (w) => ({ host: after(w, 'IP: ', ' '), certNames: names(after(w, "cert's list: ", '"\'}')) }),
  (w) => ({ certNames: names(after(w, "is not cert's CN: ", '"\'}')) }),
  // JSSE
  (w) => ({ host: after(w, 'No subject alternative DNS name matching ', ' ') }),
  (w) => ({ host: after(w, 'No subject alternative names matching IP address ', ' ') }),
  (w) => ({ host: after(w, 'No name matching ', ' ') }),
  // MariaDB Connector/J: DNS host "c" doesn't correspond to certificate CN "a"
  (w) => ({ host: after(w, 'host "', '"'), certNames: names(after(w, 'certificate CN "', '"')) }),
  // PHP: Peer certificate CN=`a' did not match expected CN=`c'
  (w) => ({ host: after(w, "expected CN=`", "'"), certNames: names(after(w, 'Peer certificate CN=`', "'")) }),
  // Python: Hostname mismatch, certificate is not valid for 'c'.
  (w) => ({ host: after(w, "certificate is not valid for '", "'") }),
];

function clean(f: HostFacts | undefined): HostFacts | undefined {
  if (!f) return undefined;
  const out: HostFacts = {};
  if (f.host) out.host = f.host;
  if (f.certNames?.length) out.certNames = f.certNames;
  return out.host || out.certNames ? out : undefined;
}

/** Host facts from the text around a hit at [start, end). */
export function hostFacts(text: string, start: number, end: number): HostFacts | undefined {
  const w = maskedSlice(text, Math.max(0, start - BEFORE), Math.min(text.length, end + WINDOW));
  const merged: HostFacts = {};
  for (const read of HOST_READERS) {
    const f = clean(read(w));
    if (!f) continue;
    merged.host ??= f.host;
    merged.certNames ??= f.certNames;
  }
  return clean(merged);
}

/** Dates from Go (`current time X is after Y`) and the JDK (`NotAfter: ...`). */
export function dateFacts(text: string, start: number, end: number): DateFacts | undefined {
  const w = maskedSlice(text, Math.max(0, start - BEFORE), Math.min(text.length, end + WINDOW));
  const out: DateFacts = {};
  const notAfter = after(w, ' is after ', ' )"\'') ?? after(w, 'NotAfter: ', '"\'');
  const notBefore = after(w, ' is before ', ' )"\'') ?? after(w, 'NotBefore: ', '"\'');
  if (notAfter) out.notAfter = notAfter;
  if (notBefore) out.notBefore = notBefore;
  return out.notAfter || out.notBefore ? out : undefined;
}

/** Where the failing connection went, when the message says: `host` or `host:port`. */
const TARGET_READERS: Array<(text: string) => string | undefined> = [
  // MariaDB Connector/J: address=(host=db)(port=3306)
  (t) => {
    const host = after(t, 'address=(host=', ')');
    const port = after(t, ')(port=', ')');
    return host ? (port ? `${host}:${port}` : host) : undefined;
  },
  // Prisma: at `db`:`3306`
  (t) => {
    const host = after(t, 'database server at `', '`');
    const port = after(t, `database server at \`${host}\`:\``, '`');
    return host ? (port ? `${host}:${port}` : host) : undefined;
  },
  (t) => after(t, '@tcp(', ')'), // Go DSN
  (t) => after(t, 'trying to connect via tcp://', ')'), // PHP mysqlnd
  (t) => after(t, 'connect ECONNREFUSED ', ' \'"'), // Node
  (t) => after(t, "server on '", "'"), // mysql/mariadb 2002, 2003; PyMySQL
];

/** Only the head of a paste is searched: where it connected is said at the start of a trace. */
const TARGET_WINDOW = 16 * 1024;

export function targetOf(text: string): string | undefined {
  const head = maskedSlice(text, 0, Math.min(text.length, TARGET_WINDOW));
  for (const read of TARGET_READERS) {
    const target = read(head);
    if (target && !target.includes('PORT') && !target.includes('****') && !target.includes(' ')) return target;
  }
  return undefined;
}
