// The first pass of a scan: read every candidate file once and mark whether a reader needs it.
// On a large tree one worker thread takes chunks of the same list as the main thread, both
// pulling from one shared counter: reading 10,000 small files is mostly open/read/close calls,
// and a second thread halves that wall time where an async read per file would triple it.
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** A file's mark: not looked at yet; not read (too big, binary, unreadable); read, nothing for
 *  the readers; read and worth parsing. */
export const PENDING = 0;
export const UNREAD = 1;
export const SKIP = 2;
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

const CHUNK = 64;
const PARALLEL_MIN = 2000;

/**
 * Marks the PENDING files of up to `maxChunks` chunks, reading into `buf` (maxBytes + 1 long) and
 * counting in `marked[thread]`; false once the list is used up. Its source
 * is also sent to the worker as text, so it uses nothing but its arguments and globals (no
 * imports, no inner functions).
 */
export function markFiles(job: MarkJob, calls: FileCalls, run: { buf: Buffer; maxChunks: number; thread: number }): boolean {
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
      if (n < 0 || n > maxBytes || buf.subarray(0, Math.min(n, binaryProbe)).includes(0)) marks[i] = 1; // UNREAD
      else marks[i] = filter[i] === 0 || prefilter.test(buf.toString('latin1', 0, n)) ? 3 : 2; // PARSE : SKIP
      Atomics.add(job.marked, thread, 1);
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
 * Marks every file of the job, with a worker thread's help on large trees on more than one core
 * (`helper` forces the choice). `pause` runs between chunks on the main thread (it yields to the
 * event loop and throws when the scan is cancelled).
 */
export async function markAll(job: MarkJob, pause: () => Promise<void>, o: { helper?: boolean } = {}): Promise<void> {
  const wanted = o.helper ?? (job.paths.length >= PARALLEL_MIN && availableParallelism() > 1);
  const helper = wanted ? startHelper(job) : undefined;
  const buf = Buffer.allocUnsafe(job.maxBytes + 1);
  try {
    while (markFiles(job, fs, { buf, maxChunks: 1, thread: 0 })) await pause();
    if (helper && job.marks.includes(PENDING)) await helper.finished;
  } finally {
    void helper?.worker.terminate();
  }
  // Whatever a failed or stopped helper left unmarked.
  job.next[0] = 0;
  markFiles(job, fs, { buf, maxChunks: Infinity, thread: 0 });
}

function startHelper(job: MarkJob): { worker: Worker; finished: Promise<void> } {
  const source = `const { workerData } = require('node:worker_threads');
(${markFiles.toString()})(workerData, require('node:fs'), { buf: Buffer.allocUnsafe(workerData.maxBytes + 1), maxChunks: Infinity, thread: 1 });`;
  const worker = new Worker(source, { eval: true, workerData: job });
  // Ends on exit, whether the worker finished or failed; a failure leaves PENDING marks behind.
  const finished = new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.once('error', () => resolve());
  });
  return { worker, finished };
}
