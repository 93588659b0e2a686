/** TCP connect with the failure told apart: DNS, refused, unreachable, reset, timeout. */
import * as net from 'node:net';
import { abortReason, clampTimeout } from '../model/timeout';
import type { ProbeFailure, ProbeOptions, ProbeTarget } from './types';

export type Connected = { socket: net.Socket; address: string } | { failure: ProbeFailure };

/** Connects before `deadline` (epoch ms). The socket comes back paused, with an error listener. */
export function connectTcp(t: ProbeTarget, o: ProbeOptions, deadline: number): Promise<Connected> {
  return new Promise((resolve) => {
    if (o.signal?.aborted) return resolve({ failure: aborted(o.signal) });
    const bad = badTarget(t);
    if (bad) return resolve({ failure: bad });
    let socket: net.Socket;
    try {
      socket = net.connect({ host: t.host, port: t.port });
    } catch (e) {
      return resolve({ failure: classifySocketError(e as NodeJS.ErrnoException, t) });
    }
    socket.on('error', () => {}); // every error is also reported through `finish`
    const timer = setTimeout(
      () => finish({ failure: { kind: 'timeout', message: `no TCP connection to ${where(t)} within ${o.timeoutMs} ms` } }),
      Math.max(0, deadline - Date.now()),
    );
    const onAbort = () => finish({ failure: aborted(o.signal) });
    o.signal?.addEventListener('abort', onAbort, { once: true });
    let done = false;
    function finish(r: Connected): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      if ('failure' in r) socket.destroy();
      else socket.pause();
      resolve(r);
    }
    function onError(e: NodeJS.ErrnoException): void {
      finish({ failure: classifySocketError(e, t) });
    }
    socket.once('error', onError);
    socket.once('connect', () => {
      const address = where({ host: socket.remoteAddress ?? t.host, port: socket.remotePort ?? t.port });
      o.log?.(`connected ${address}`);
      finish({ socket, address });
    });
  });
}

/** Caller mistakes that net.connect would throw on, reported like any other failure. */
function badTarget(t: ProbeTarget): ProbeFailure | undefined {
  if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) {
    return { kind: 'unreachable', message: `port ${String(t.port)} is not a valid TCP port (1-65535)` };
  }
  if (typeof t.host !== 'string' || t.host.trim() === '') return { kind: 'dns', message: 'no host name given' };
  return undefined;
}

/** The options with a usable timeout: a missing, zero, negative or absurd one becomes sane. */
export function withSaneTimeout<T extends ProbeOptions>(o: T): T {
  const sane = clampTimeout(o.timeoutMs);
  return sane === o.timeoutMs ? o : { ...o, timeoutMs: sane };
}

/** Maps a Node socket error to a failure kind; the message names the target. */
export function classifySocketError(e: NodeJS.ErrnoException, t: ProbeTarget): ProbeFailure {
  const code = errorCode(e);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
    case 'EAI_FAIL':
      return { kind: 'dns', message: `the host name ${t.host} does not resolve (${code})` };
    case 'ECONNREFUSED':
      return { kind: 'refused', message: `nothing listens on ${where(t)} (connection refused)` };
    case 'ETIMEDOUT':
      return { kind: 'timeout', message: `no TCP connection to ${where(t)} (timed out)` };
    case 'ECONNRESET':
    case 'EPIPE':
      return { kind: 'reset', message: `the connection to ${where(t)} was reset` };
    default:
      return { kind: 'unreachable', message: `${where(t)} is unreachable (${code ?? e.message})` };
  }
}

/** Happy-eyeballs reports an AggregateError: the first inner code is the telling one. */
function errorCode(e: NodeJS.ErrnoException): string | undefined {
  if (e.code) return e.code;
  const inner = (e as unknown as { errors?: NodeJS.ErrnoException[] }).errors;
  return inner?.find((x) => x.code)?.code;
}

export function where(t: ProbeTarget): string {
  return `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}

export function aborted(signal?: AbortSignal): ProbeFailure {
  const why = abortReason(signal);
  return { kind: 'timeout', message: why === 'cancelled' ? 'the probe was cancelled' : why };
}
