// Timing for the linearity checks on a shared machine: this process's CPU time (another process
// on the machine stretches the wall clock, not this), each run after a full collection (so one
// run does not pay for the garbage of the one before).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** CPU time of one run, in ms. */
export function cpuMs(run: () => unknown): number {
  collect();
  const t = process.cpuUsage();
  run();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

/** CPU time of one asynchronous run, in ms (what else runs in this process meanwhile counts too). */
export async function cpuMsAsync(run: () => Promise<unknown>): Promise<number> {
  collect();
  const t = process.cpuUsage();
  await run();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

export function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1];
}

/** The median CPU time of `runs` runs after one to warm up, in ms. */
export function medianCpuMs(run: () => unknown, runs = 7): number {
  run();
  return median(Array.from({ length: runs }, () => cpuMs(run)));
}
