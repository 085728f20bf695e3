/**
 * Graceful shutdown on SIGTERM / SIGINT (a deploy, a scale-in, Ctrl+C):
 * 1. /api/ready turns 503 at once, so the load balancer stops sending traffic;
 * 2. the worker stops taking jobs and lets in-flight ones finish (bounded);
 * 3. then whoever handled the signal before us runs — under `next start` or the
 *    standalone server.js that is Next's own cleanup, which stops accepting
 *    connections, finishes pending requests and exits. Without one, we exit.
 * A job cut off by the deadline is not lost: pg-boss expires it and another
 * worker (or this one after a restart) runs it again; processing is idempotent.
 */
import { log } from "@/lib/log";

/** Below the usual 30 s grace period of ECS, Kubernetes and `docker stop`. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 25_000;
const SIGNALS = ["SIGTERM", "SIGINT"] as const;
type Signal = (typeof SIGNALS)[number];
type Listener = (...args: unknown[]) => void;

/** The part of `process` we use: tests pass an EventEmitter. */
export interface SignalTarget {
  listeners(event: Signal): unknown[];
  removeListener(event: Signal, listener: Listener): unknown;
  on(event: Signal, listener: Listener): unknown;
}

const state = globalThis as unknown as { rolelinkShuttingDown?: boolean; rolelinkShutdownInstalled?: boolean };

export function isShuttingDown(): boolean {
  return state.rolelinkShuttingDown === true;
}

/** Stops the worker (in-flight jobs finish, up to the timeout) and this process's queue client. */
export async function drainJobs(timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS): Promise<void> {
  const { stopWorker } = await import("@/lib/server/worker");
  const { stopBoss } = await import("@/lib/jobs/boss");
  await stopWorker(timeoutMs);
  // A web-only instance (RUN_WORKER=false) still started pg-boss to queue jobs.
  await stopBoss({ graceful: true, timeoutMs });
}

export interface ShutdownOptions {
  timeoutMs?: number;
  target?: SignalTarget;
  drain?: (timeoutMs: number) => Promise<void>;
  exit?: (code: number) => void;
}

function withDeadline(work: Promise<void>, ms: number): Promise<"done" | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
    timer.unref?.();
  });
  return Promise.race([work.then(() => "done" as const), deadline]).finally(() => clearTimeout(timer));
}

/** Installs the handlers once per process; returns a function that removes them (tests). */
export function installShutdownHandlers(options: ShutdownOptions = {}): () => void {
  const { timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS, target = process, drain = drainJobs, exit = (code) => process.exit(code) } = options;
  if (target === process && state.rolelinkShutdownInstalled) return () => {};
  if (target === process) state.rolelinkShutdownInstalled = true;

  const installed = new Map<Signal, { ours: Listener; previous: Listener[] }>();
  let started = false;

  const onSignal = (signal: Signal) => {
    if (started) {
      log.warn("second signal during shutdown: exiting now", { signal });
      exit(1);
      return;
    }
    started = true;
    state.rolelinkShuttingDown = true;
    log.info("shutting down: readiness off, letting in-flight jobs finish", { signal, timeoutMs });
    void (async () => {
      let outcome: "done" | "timeout" | "failed";
      try {
        outcome = await withDeadline(drain(timeoutMs), timeoutMs + 2_000);
      } catch (error) {
        outcome = "failed";
        log.error("draining jobs failed", { error });
      }
      log.info("jobs drained", { outcome });
      const previous = installed.get(signal)?.previous ?? [];
      if (previous.length === 0) return exit(0);
      for (const listener of previous) listener(signal);
    })();
  };

  for (const signal of SIGNALS) {
    // Run earlier handlers (Next's server cleanup) after the drain, not alongside it:
    // they close the server and exit, which would cut in-flight jobs short.
    const previous = target.listeners(signal) as Listener[];
    for (const listener of previous) target.removeListener(signal, listener);
    const ours: Listener = () => onSignal(signal);
    target.on(signal, ours);
    installed.set(signal, { ours, previous });
  }

  return () => {
    for (const [signal, { ours, previous }] of installed) {
      target.removeListener(signal, ours);
      for (const listener of previous) target.on(signal, listener);
    }
    if (target === process) state.rolelinkShutdownInstalled = false;
    state.rolelinkShuttingDown = false;
  };
}
