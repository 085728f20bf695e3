/**
 * A small in-process concurrency gate for CPU-heavy work (argon2). Work beyond
 * the limit waits in a short queue; past the queue, or after waiting too long,
 * it is refused with BusyError, so a flood of sign-ins is turned away (429)
 * instead of starving SNS deliveries and health checks of CPU.
 */
export class BusyError extends Error {
  constructor(public readonly retryAfterSeconds: number) {
    super("The server is busy. Try again in a few seconds.");
    this.name = "BusyError";
  }
}

export interface GateOptions {
  concurrency: number;
  maxQueue: number;
  maxWaitMs: number;
}

export interface Gate {
  run<T>(work: () => Promise<T>): Promise<T>;
  stats(): { active: number; queued: number };
}

export function createGate({ concurrency, maxQueue, maxWaitMs }: GateOptions): Gate {
  let active = 0;
  const queue: Array<{ start: () => void }> = [];

  function release(): void {
    active--;
    const next = queue.shift();
    if (next) next.start();
  }

  function acquire(): Promise<void> {
    if (active < concurrency) {
      active++;
      return Promise.resolve();
    }
    if (queue.length >= maxQueue) return Promise.reject(new BusyError(Math.max(1, Math.ceil(maxWaitMs / 1000))));
    return new Promise<void>((resolve, reject) => {
      const entry = {
        start: () => {
          clearTimeout(timer);
          active++;
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(entry);
        if (index >= 0) queue.splice(index, 1);
        reject(new BusyError(Math.max(1, Math.ceil(maxWaitMs / 1000))));
      }, maxWaitMs);
      queue.push(entry);
    });
  }

  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      await acquire();
      try {
        return await work();
      } finally {
        release();
      }
    },
    stats: () => ({ active, queued: queue.length }),
  };
}
