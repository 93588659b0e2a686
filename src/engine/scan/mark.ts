// The first pass of a scan: read every candidate file once and mark whether a reader needs it.
// On a large tree one worker thread takes chunks of the same list as the main thread, both
// pulling from one shared counter: reading 10,000 small files is mostly open/read/close calls,
// which a second thread shares (15-20% off a 10,000-file scan on 2 cores, after its ~30 ms
// start), where an async read per file would be several times slower.
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';

/** A file's mark: 0 not looked at yet; 1 not read (too big, binary, unreadable); 2 read, nothing
 *  for the readers; 3 read and worth parsing. */
export const PENDING = 0;
export const UNREAD = 1;
export const NO_MATCH = 2;
export const PARSE = 3;

export interface MarkJob {
  base: string;
  paths: string[];
  /** 1 where the byte prefilter decides (source files), 0 where the file is always parsed. */
  filter: Uint8Array;
  maxBytes: number;
  binaryProbe: number;
  pattern: string;
  /** Files taken from the list at a time. */
  chunk: number;
  /** Shared: the index of the next chunk to take. */
  next: Int32Array;
  /** Shared: one mark per path. */
  marks: Uint8Array;
  /** Shared: how many files each thread marked ([0] main, [1] helper), for the tests and bench. */
  marked: Int32Array;
}

type FileCalls = Pick<typeof fs, 'openSync' | 'readSync' | 'closeSync'>;

interface MarkRun {
  /** Where files are read to: maxBytes + 1 long. */
  buf: Buffer;
  maxChunks: number;
  /** Which `marked` counter to add to. */
  thread: number;
  /** Hears each file worth parsing while its bytes are still in `buf` (main thread only). */
  found?: (index: number, bytes: Buffer) => void;
}

const CHUNK = 64;
const PARALLEL_MIN = 2000;

/**
 * Marks the PENDING files of up to `maxChunks` chunks; false once the list is used up. Its source
 * is also sent to the worker as text, so it uses nothing but its arguments and globals (no
 * imports, no inner functions).
 */
export function markFiles(job: MarkJob, calls: FileCalls, run: MarkRun): boolean {
  const { base, paths, filter, maxBytes, binaryProbe, marks, chunk } = job;
  const { buf, maxChunks, thread } = run;
  const prefilter = new RegExp(job.pattern);
  for (let taken = 0; taken < maxChunks; taken++) {
    const start = Atomics.add(job.next, 0, chunk);
    if (start >= paths.length) return false;
    const end = Math.min(start + chunk, paths.length);
    for (let i = start; i < end; i++) {
      if (marks[i] !== 0) continue;
      let fd = -1;
      let n = -1;
      try {
        fd = calls.openSync(`${base}/${paths[i]}`, 'r');
        n = calls.readSync(fd, buf, 0, maxBytes + 1, 0);
      } catch {
        n = -1; // unreadable: not read
      } finally {
        if (fd >= 0) calls.closeSync(fd);
      }
      // The marks' values are written out: module constants do not reach the worker.
      // A UTF-16 byte-order mark (FF FE, FE FF): text full of NUL bytes, which the byte search
      // cannot test; such files (rare) are parsed, decoded by the scan.
      const utf16 = n >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
      if (n < 0 || n > maxBytes || (!utf16 && buf.subarray(0, Math.min(n, binaryProbe)).includes(0))) marks[i] = 1; // UNREAD
      else marks[i] = utf16 || filter[i] === 0 || prefilter.test(buf.toString('latin1', 0, n)) ? 3 : 2; // PARSE : nothing for the readers
      Atomics.add(job.marked, thread, 1);
      if (marks[i] === 3 && run.found) run.found(i, buf.subarray(0, n));
    }
  }
  return true;
}

export function newJob(base: string, paths: string[], filter: Uint8Array, o: { maxBytes: number; binaryProbe: number; pattern: string }): MarkJob {
  return {
    base, paths, filter, ...o, chunk: CHUNK,
    next: new Int32Array(new SharedArrayBuffer(4)),
    marks: new Uint8Array(new SharedArrayBuffer(Math.max(1, paths.length))),
    marked: new Int32Array(new SharedArrayBuffer(8)),
  };
}

/**
 * Marks every file of the job, with the helper's help when one is given. `pause` runs between
 * chunks on the main thread (it yields to the event loop and throws when the scan is cancelled);
 * `found` hears the files worth parsing that the main thread read.
 */
export async function markAll(job: MarkJob, o: { pause: () => Promise<void>; helper?: Helper; found?: MarkRun['found'] }): Promise<void> {
  const { pause, helper, found } = o;
  const helped = helper?.run(job);
  const buf = Buffer.allocUnsafe(job.maxBytes + 1);
  try {
    while (markFiles(job, fs, { buf, maxChunks: 1, thread: 0, found })) await pause();
    if (helped && job.marks.includes(PENDING)) await helped;
  } finally {
    helper?.stop();
  }
  // Whatever a failed or stopped helper left unmarked.
  job.next[0] = 0;
  markFiles(job, fs, { buf, maxChunks: Infinity, thread: 0, found });
}

const HELPER_SOURCE = `const { parentPort } = require('node:worker_threads');
parentPort.once('message', (job) => {
  (${markFiles.toString()})(job, require('node:fs'), { buf: Buffer.allocUnsafe(job.maxBytes + 1), maxChunks: Infinity, thread: 1 });
  parentPort.close();
});`;

/**
 * A worker thread that marks files beside the main thread. It is started before its job exists
 * (as soon as the listing shows a large tree), so it boots while the folders are still listed.
 */
export class Helper {
  // worker_threads is loaded here, on large trees only: a small scan (and every CLI start) skips it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  private readonly worker: Worker = new (require('node:worker_threads') as typeof import('node:worker_threads')).Worker(HELPER_SOURCE, { eval: true });
  // Settles when the worker exits, whether it finished or failed (a failure leaves PENDING marks).
  private readonly exited = new Promise<void>((resolve) => {
    this.worker.once('exit', () => resolve());
    this.worker.once('error', () => resolve());
  });

  /** Whether a tree of this many files is worth a second thread on this machine. */
  static wanted(files: number): boolean {
    return files >= PARALLEL_MIN && availableParallelism() > 1;
  }

  run(job: MarkJob): Promise<void> {
    this.worker.postMessage(job);
    return this.exited;
  }

  stop(): void {
    void this.worker.terminate();
  }
}
