/**
 * Which TLS versions the server accepts, and per version which cipher suites, found with
 * hand-written ClientHellos (clientHello.ts) read up to the ServerHello or alert, one connection
 * (greeting + SSLRequest) per hello.
 */
import { TLS_VERSIONS, type TlsVersion } from '../model/connection';
import { LEGACY_SUITES, TLS13_SUITES, suiteName } from './ciphers';
import { WIRE_VERSION, buildClientHello } from './clientHello';
import { aborted, withSaneTimeout } from './connect';
import { openForTls } from './greeting';
import { parseErr } from './packets';
import { readUntil } from './reader';
import { MAX_CERTIFICATES, parseServerFlight, type FlightParse, type ServerHelloInfo } from './serverHello';
import type { ProbeFailure, ProbeOptions, ProbeTarget } from './types';

export interface EnumerateOptions extends ProbeOptions {
  /** Versions to try (default all four). */
  versions?: TlsVersion[];
  /** Also list the cipher suites of every accepted version (one connection per suite found). */
  ciphers?: boolean;
}

export interface TlsEnumeration {
  protocols: Record<TlsVersion, boolean>;
  ciphers: Partial<Record<TlsVersion, string[]>>;
  /** The chain as the server sent it in clear in a TLS <= 1.2 handshake (DER, leaf first). */
  plainChainDer?: Buffer[];
  /** Set when no hello got any TLS answer because the connection itself failed. */
  failure?: ProbeFailure;
  notes: string[];
}

type HelloOutcome =
  | { kind: 'hello'; hello: ServerHelloInfo; certificates?: Buffer[]; certificatesCut: boolean }
  | { kind: 'alert'; name: string }
  | { kind: 'silent'; detail: string; timedOut?: boolean }
  | { kind: 'no-tls' }
  | { kind: 'failure'; failure: ProbeFailure };

/** Bytes read for one server flight; a Certificate message beyond this is not kept. */
const MAX_FLIGHT = 256 * 1024;
const PARALLEL = 4;

export async function enumerateTls(t: ProbeTarget, o: EnumerateOptions): Promise<TlsEnumeration> {
  o = withSaneTimeout(o);
  const versions = o.versions ?? [...TLS_VERSIONS];
  const result: TlsEnumeration = { protocols: { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false }, ciphers: {}, notes: [] };
  const outcomes = await mapLimit(versions, PARALLEL, (v) => tryHello(t, o, v, allSuites(v), v !== 'TLSv1.3'));
  versions.forEach((v, i) => recordVersion(result, v, outcomes[i], o));
  const failures = outcomes.filter((x) => x.kind === 'failure');
  if (failures.length === outcomes.length && failures.length > 0) {
    result.failure = (failures[0] as { failure: ProbeFailure }).failure;
    return result;
  }
  if (outcomes.some((x) => x.kind === 'no-tls')) result.notes.push('the server does not offer TLS (no CLIENT_SSL in its greeting)');
  else if (outcomes.length > 0 && outcomes.every((x) => x.kind === 'silent')) result.failure = noTlsAnswer(outcomes);
  result.plainChainDer = plainChain(versions, outcomes, result);
  if (o.ciphers) await listCiphers(t, o, versions.filter((v) => result.protocols[v]), chosenSuites(versions, outcomes), result);
  return result;
}

/** The suite each version's hello was answered with, when it was one of those offered. */
function chosenSuites(versions: TlsVersion[], outcomes: HelloOutcome[]): Map<TlsVersion, number> {
  const chosen = new Map<TlsVersion, number>();
  versions.forEach((v, i) => {
    const x = outcomes[i];
    if (x.kind === 'hello' && x.hello.version === WIRE_VERSION[v] && allSuites(v).includes(x.hello.cipher)) chosen.set(v, x.hello.cipher);
  });
  return chosen;
}

/** Every hello went unanswered: a stall is a timeout, anything else (close, non-TLS bytes) a reset. */
function noTlsAnswer(outcomes: HelloOutcome[]): ProbeFailure {
  const silent = outcomes as Extract<HelloOutcome, { kind: 'silent' }>[];
  const stalled = silent.find((x) => x.timedOut);
  if (stalled) return { kind: 'timeout', message: `the server took the SSLRequest but gave ${stalled.detail}` };
  return { kind: 'reset', message: `no TLS answer to any ClientHello: ${silent[0].detail}` };
}

function allSuites(v: TlsVersion): number[] {
  return [...(v === 'TLSv1.3' ? TLS13_SUITES : LEGACY_SUITES).keys()];
}

function recordVersion(result: TlsEnumeration, v: TlsVersion, x: HelloOutcome, o: ProbeOptions): void {
  if (x.kind === 'hello' && x.hello.version === WIRE_VERSION[v]) {
    result.protocols[v] = true;
    o.log?.(`${v} accepted${x.hello.helloRetry ? ' (HelloRetryRequest)' : ` (${suiteName(x.hello.cipher)})`}`);
    return;
  }
  const why = refusal(x);
  if (why) {
    result.notes.push(`${v}: ${why}`);
    o.log?.(`${v} refused: ${why}`);
  }
}

function refusal(x: HelloOutcome): string | undefined {
  switch (x.kind) {
    case 'hello':
      return `the server answered with ${versionName(x.hello.version)} instead`;
    case 'alert':
      return `alert ${x.name}`;
    case 'silent':
      return x.detail;
    case 'failure':
      return x.failure.message;
    default:
      return undefined;
  }
}

function plainChain(versions: TlsVersion[], outcomes: HelloOutcome[], result: TlsEnumeration): Buffer[] | undefined {
  for (let i = versions.length - 1; i >= 0; i--) {
    const x = outcomes[i];
    if (x.kind !== 'hello' || !x.certificates?.length) continue;
    if (x.certificatesCut) result.notes.push(`the certificate message exceeds ${MAX_FLIGHT / 1024} KiB; its certificates were not read`);
    if (x.certificates.length >= MAX_CERTIFICATES) result.notes.push(`the server sends ${MAX_CERTIFICATES} or more certificates; only the first ${MAX_CERTIFICATES} were kept`);
    return x.certificates;
  }
  const cut = outcomes.some((x) => x.kind === 'hello' && x.certificatesCut);
  if (cut) result.notes.push(`the certificate message exceeds ${MAX_FLIGHT / 1024} KiB; its certificates were not read`);
  return undefined;
}

/** Suites offered together in one elimination (see listCiphers). */
const GROUP_SIZE = 16;
/** Connections the cipher listing keeps open at once, over all versions. */
const CIPHER_PARALLEL = 8;

/**
 * Per accepted version, which suites the server accepts. The suites are dealt into groups of at most
 * GROUP_SIZE (round-robin, so the accepted ones spread over the groups); each group offers the
 * suites not yet chosen until the server refuses them all, and the groups run side by side. A
 * refusal rules out a whole group in one connection, so this makes about as many connections as one
 * elimination over the whole list (accepted + groups), in a few rounds instead of one round per
 * accepted suite. The suite the version's own hello chose is already known and not offered again.
 * The list is in the order the suites are offered (strongest first, OpenSSL's order).
 */
async function listCiphers(t: ProbeTarget, o: ProbeOptions, versions: TlsVersion[], chosen: Map<TlsVersion, number>, result: TlsEnumeration): Promise<void> {
  const budgetEnd = Date.now() + 4 * o.timeoutMs;
  const accepted = new Map(versions.map((v) => [v, new Set<number>()]));
  const notes = new Set<string>();
  const groups: { v: TlsVersion; suites: number[] }[] = [];
  for (const v of versions) {
    const first = chosen.get(v);
    if (first !== undefined) accepted.get(v)?.add(first);
    const rest = allSuites(v).filter((s) => s !== first);
    const count = Math.ceil(rest.length / GROUP_SIZE);
    for (let g = 0; g < count; g++) groups.push({ v, suites: rest.filter((_, i) => i % count === g) });
  }
  await mapLimit(groups, CIPHER_PARALLEL, async ({ v, suites }) => {
    const remaining = [...suites];
    const found = accepted.get(v) as Set<number>;
    while (remaining.length > 0) {
      if (Date.now() > budgetEnd || o.signal?.aborted) {
        notes.add(`${v}: cipher list incomplete (time budget of ${4 * o.timeoutMs} ms spent)`);
        return;
      }
      const x = await tryHello(t, o, v, remaining, false);
      const at = x.kind === 'hello' && x.hello.version === WIRE_VERSION[v] ? remaining.indexOf(x.hello.cipher) : -1;
      if (at < 0) {
        if (x.kind === 'hello') notes.add(`${v}: the server chose ${suiteName(x.hello.cipher)}, which was not offered`);
        return;
      }
      found.add(remaining[at]);
      remaining.splice(at, 1);
    }
  });
  result.notes.push(...notes);
  for (const v of versions) {
    const found = allSuites(v).filter((s) => accepted.get(v)?.has(s)).map(suiteName);
    result.ciphers[v] = found;
    o.log?.(`${v} ciphers: ${found.join(', ') || 'none'}`);
  }
}

/** One connection: greeting, SSLRequest, ClientHello, and the server's answer. */
async function tryHello(t: ProbeTarget, o: ProbeOptions, v: TlsVersion, suites: number[], wantCertificates: boolean): Promise<HelloOutcome> {
  const deadline = Date.now() + o.timeoutMs;
  const quiet = { ...o, log: undefined };
  const opened = await openForTls(t, quiet, deadline);
  if (!opened.greeting) return { kind: 'failure', failure: opened.failure ?? { kind: 'reset', message: 'no greeting' } };
  if (!opened.socket) return { kind: 'no-tls' };
  const socket = opened.socket;
  socket.write(buildClientHello({ version: v, suites, servername: t.servername ?? t.host }));
  const read = await readUntil(socket, deadline, (b) => settled(parseServerFlight(b, wantCertificates)), MAX_FLIGHT, o.signal);
  socket.destroy();
  const p = read.value ?? parseServerFlight(read.bytes, wantCertificates);
  if (p.kind === 'server-hello') return { kind: 'hello', hello: p.hello, certificates: p.certificates, certificatesCut: !p.complete };
  if (p.kind === 'alert') return { kind: 'alert', name: p.name };
  if (p.kind === 'not-tls') return { kind: 'silent', detail: notTlsDetail(read.bytes, p.reason) };
  if (read.end === 'timeout') return { kind: 'silent', detail: `no answer to the ClientHello within ${o.timeoutMs} ms`, timedOut: true };
  if (read.end === 'aborted') return { kind: 'failure', failure: aborted(o.signal) };
  return { kind: 'silent', detail: 'the server closed the connection without a TLS answer' };
}

/** Stop reading once the answer is known; keep reading while certificates may follow. */
function settled(p: FlightParse): FlightParse | undefined {
  if (p.kind === 'need-more') return undefined;
  if (p.kind === 'server-hello' && !p.complete) return undefined;
  return p;
}

/** A MySQL ERR packet where a ServerHello belongs says more than "not TLS". */
function notTlsDetail(bytes: Buffer, reason: string): string {
  const err = bytes.length > 4 ? parseErr(bytes.subarray(4)) : undefined;
  if (err) return `the server answered the SSLRequest with ERROR ${err.errno}: ${err.message}`;
  return `the answer is not TLS (${reason})`;
}

function versionName(wire: number): string {
  const name = (Object.keys(WIRE_VERSION) as TlsVersion[]).find((k) => WIRE_VERSION[k] === wire);
  return name ?? `version 0x${wire.toString(16).padStart(4, '0')}`;
}

/** Runs `fn` over `items` with at most `limit` at a time, results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
