/**
 * "Verify all" and the scheduled health check: re-verifies every connected
 * (and broken, so they can recover) connection with bounded concurrency,
 * backs off for everyone when STS throttles, and records progress n of N in
 * verify_runs as it goes.
 */
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { verifyConnection, type VerifyActor, type VerifyOutcome, type VerifyReason } from "./verify-connection";

export interface FleetOptions {
  /** Stored on the run: "schedule" or "admin:<id>". */
  trigger: string;
  actor: VerifyActor;
  reason: VerifyReason;
  concurrency: number;
  verify?: (connectionId: string) => Promise<VerifyOutcome>;
  /** Throttled calls are retried this many times before counting as failed. */
  maxThrottleRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface FleetResult {
  runId: string;
  total: number;
  succeeded: number;
  failed: number;
}

/** One shared pause for every worker: throttling is per account of ours, not per call. */
export function createBackoff(baseDelayMs: number, maxDelayMs: number) {
  let pausedUntil = 0;
  let streak = 0;
  return {
    delayMs: () => Math.max(0, pausedUntil - Date.now()),
    throttled(): number {
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** streak) * (0.75 + Math.random() * 0.5);
      streak += 1;
      pausedUntil = Math.max(pausedUntil, Date.now() + delay);
      return delay;
    },
    succeeded(): void {
      streak = 0;
    },
  };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runFleetVerification(options: FleetOptions): Promise<FleetResult> {
  const targets = await db.connection.findMany({
    where: { status: { in: ["connected", "broken"] }, roleArn: { not: null } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const run = await db.verifyRun.create({ data: { trigger: options.trigger, total: targets.length }, select: { id: true } });
  const verify = options.verify ?? ((connectionId: string) => verifyConnection({ connectionId, actor: options.actor, reason: options.reason }));
  const sleep = options.sleep ?? defaultSleep;
  const backoff = createBackoff(options.baseDelayMs ?? 1_000, options.maxDelayMs ?? 30_000);
  const maxRetries = options.maxThrottleRetries ?? 5;
  let next = 0;
  let succeeded = 0;
  let failed = 0;

  async function verifyWithBackoff(id: string): Promise<VerifyOutcome> {
    for (let attempt = 0; ; attempt++) {
      const wait = backoff.delayMs();
      if (wait > 0) await sleep(wait);
      const outcome = await verify(id).catch((error: unknown): VerifyOutcome => {
        log.error("fleet verification of one connection crashed", { connectionId: id, error });
        return { ok: false, code: "unknown", message: "Unexpected error" };
      });
      if (outcome.ok) backoff.succeeded();
      if (outcome.ok || outcome.code !== "throttled" || attempt >= maxRetries) return outcome;
      backoff.throttled();
    }
  }

  async function worker(): Promise<void> {
    while (next < targets.length) {
      const target = targets[next++];
      if (!target) return;
      const outcome = await verifyWithBackoff(target.id);
      if (outcome.ok) succeeded++;
      else failed++;
      await db.verifyRun.update({
        where: { id: run.id },
        data: { done: { increment: 1 }, ...(outcome.ok ? { succeeded: { increment: 1 } } : { failed: { increment: 1 } }) },
      });
    }
  }

  try {
    const workers = Math.max(1, Math.min(options.concurrency, targets.length));
    await Promise.all(Array.from({ length: workers }, () => worker()));
  } finally {
    await db.verifyRun.update({ where: { id: run.id }, data: { finishedAt: new Date() } });
  }
  log.info("fleet verification finished", { runId: run.id, total: targets.length, succeeded, failed });
  return { runId: run.id, total: targets.length, succeeded, failed };
}
