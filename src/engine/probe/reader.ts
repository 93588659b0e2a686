/** Bounded reads from a socket: until a decision, the deadline, the end, or a byte limit. */
import type { Socket } from 'node:net';

export type ReadEnd = 'eof' | 'timeout' | 'error' | 'aborted' | 'overflow';

export interface ReadOutcome<T> {
  /** Set when `decide` reached a result. */
  value?: T;
  /** Every byte read so far (including those `decide` looked at). */
  bytes: Buffer;
  /** Why reading stopped without a value. */
  end?: ReadEnd;
  error?: NodeJS.ErrnoException;
}

/**
 * Reads until `decide(bytes)` returns a value. `decide` sees all bytes so far and returns
 * undefined for "need more". The socket is paused again afterwards, so later bytes wait for the
 * next read.
 */
export function readUntil<T>(
  socket: Socket,
  deadline: number,
  decide: (bytes: Buffer) => T | undefined,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<ReadOutcome<T>> {
  return new Promise((resolve) => {
    let bytes = Buffer.alloc(0);
    let done = false;
    const timer = setTimeout(() => finish({ bytes, end: 'timeout' }), Math.max(0, deadline - Date.now()));
    const onAbort = () => {
      finish({ bytes, end: 'aborted' });
      socket.destroy();
    };
    const onData = (chunk: Buffer) => {
      bytes = Buffer.concat([bytes, chunk]);
      const value = safeDecide(decide, bytes);
      if (value !== undefined) finish({ value, bytes });
      else if (bytes.length > maxBytes) finish({ bytes, end: 'overflow' });
    };
    const onEnd = () => finish({ bytes, end: 'eof' });
    const onError = (error: NodeJS.ErrnoException) => finish({ bytes, end: 'error', error });
    function finish(r: ReadOutcome<T>): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onEnd);
      socket.removeListener('error', onError);
      socket.pause();
      resolve(r);
    }
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
    if (socket.destroyed) return onEnd();
    socket.resume();
  });
}

/** A parser bug must not become an exception out of the probe: treat it as "need more". */
function safeDecide<T>(decide: (bytes: Buffer) => T | undefined, bytes: Buffer): T | undefined {
  try {
    return decide(bytes);
  } catch {
    return undefined;
  }
}
