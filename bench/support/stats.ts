/** Small statistics helpers: percentiles, timed op loops, memory sampling. */
import v8 from "node:v8";
import vm from "node:vm";

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of already sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((acc, value) => acc + value, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Runs `op` back to back for about `ms` milliseconds; returns operations per second. */
export async function opsPerSecond(op: (i: number) => unknown, ms: number): Promise<number> {
  const started = performance.now();
  const deadline = started + ms;
  let count = 0;
  // Check the clock every 64 ops: reading it per op would be a measurable share of a ~20 µs op.
  while (performance.now() < deadline) {
    for (let j = 0; j < 64; j++) {
      const result = op(count++);
      if (result instanceof Promise) await result;
    }
  }
  return (count / (performance.now() - started)) * 1000;
}

export const round = (value: number, digits = 1): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

let gcFunction: (() => void) | undefined;

/**
 * A full garbage collection, so heap samples show what is retained rather than
 * garbage not yet collected. `npm run bench` runs without --expose-gc, so turn
 * the flag on at run time and fetch `gc` from a fresh context.
 */
export function collectGarbage(): void {
  if (!gcFunction) {
    v8.setFlagsFromString("--expose-gc");
    gcFunction = vm.runInNewContext("gc") as () => void;
  }
  gcFunction();
}

export interface MemorySample {
  t: number;
  rss: number;
  heapUsed: number;
  /** Heap after a full collection (taken every `gcEveryMs`). */
  retained?: number;
}

/** Samples this process's memory every `intervalMs` (and the retained heap every `gcEveryMs`) until stopped. */
export function sampleMemory(intervalMs = 100, gcEveryMs = 2_000) {
  const samples: MemorySample[] = [];
  const started = Date.now();
  let lastGc = 0;
  const take = (forceGc = false) => {
    const { rss, heapUsed } = process.memoryUsage();
    const sample: MemorySample = { t: Date.now() - started, rss, heapUsed };
    if (forceGc || sample.t - lastGc >= gcEveryMs) {
      collectGarbage();
      sample.retained = process.memoryUsage().heapUsed;
      lastGc = sample.t;
    }
    samples.push(sample);
  };
  take(true);
  const timer = setInterval(() => take(), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take(true);
      return samples;
    },
  };
}

export const MB = 1024 * 1024;
