/**
 * "Verify all" and the scheduled health check: re-verifies every connected
 * (and broken, so they can recover) connection with bounded concurrency,
 * backs off for everyone when STS throttles, and records progress n of N in
 * verify_runs as it goes.
 *
 * Cost per account is what limits a fleet of thousands, so outcomes are not
 * written one by one: they are collected and written per batch (one UPDATE of
 * the last-verified columns, one event INSERT, the status moves through
 * transitionMany, one progress UPDATE, in one transaction). A run is split
 * into chunks of at most FLEET_CHUNK_SIZE accounts (fleet-jobs.ts queues one
 * pg-boss job per chunk) so several worker processes share it.
 */
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { proveAssumable, type AccessProof } from "@/lib/aws/assume-role";
import { proveInputFor, type VerifyActor, type VerifyReason } from "./verify-connection";
import { recordVerifications, type ProvenAccess, type VerifyTarget } from "./record-verifications";

/** Accounts per pg-boss job: bounded, so a job is minutes at most and a fleet spreads over processes. */
export const FLEET_CHUNK_SIZE = 500;
/** Outcomes written per transaction. */
export const FLEET_BATCH_SIZE = 100;

type Prove = typeof proveAssumable;

export interface VerifyBatchOptions {
  actor: VerifyActor;
  reason: VerifyReason;
  concurrency: number;
  /** The AWS call (AssumeRole alone, see proveAssumable); tests put a fake here. */
  prove?: Prove;
  batchSize?: number;
  /** Throttled calls are retried this many times before counting as failed. */
  maxThrottleRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface FleetOptions extends VerifyBatchOptions {
  /** Stored on the run: "schedule" or "admin:<id>". */
  trigger: string;
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

const TARGET_SELECT = { id: true, accountId: true, roleArn: true, externalId: true, status: true } as const;

function asTargets(
  rows: Array<{ id: string; accountId: string; roleArn: string | null; externalId: string; status: VerifyTarget["status"] }>,
): VerifyTarget[] {
  return rows.flatMap((row) => (row.roleArn ? [{ ...row, roleArn: row.roleArn }] : []));
}

/** The ids a run covers, in a stable order (the chunks are slices of it). */
export async function fleetTargetIds(): Promise<string[]> {
  const rows = await db.connection.findMany({
    where: { status: { in: ["connected", "broken"] }, roleArn: { not: null } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => row.id);
}

/** The rows of one chunk, read once: still connected or broken, still with a role. */
export async function loadTargets(ids: readonly string[]): Promise<VerifyTarget[]> {
  const rows = await db.connection.findMany({
    where: { id: { in: [...ids] }, status: { in: ["connected", "broken"] }, roleArn: { not: null } },
    select: TARGET_SELECT,
    orderBy: { id: "asc" },
  });
  return asTargets(rows);
}

/**
 * Verifies `targets` for run `runId`: at most `concurrency` AWS calls at once,
 * outcomes written per batch with the run's progress. Accounts that are no
 * longer verifiable when the chunk starts still count as done (failed), so
 * the run's n of N reaches N.
 */
export async function verifyTargets(
  runId: string,
  targets: readonly VerifyTarget[],
  skipped: number,
  options: VerifyBatchOptions,
): Promise<{ succeeded: number; failed: number }> {
  const prove = options.prove ?? proveAssumable;
  const sleep = options.sleep ?? defaultSleep;
  const backoff = createBackoff(options.baseDelayMs ?? 1_000, options.maxDelayMs ?? 30_000);
  const maxRetries = options.maxThrottleRetries ?? 5;
  const batchSize = Math.max(1, options.batchSize ?? FLEET_BATCH_SIZE);
  let next = 0;
  let succeeded = 0;
  let failed = skipped;
  let pending: ProvenAccess[] = [];
  // One batch written at a time, in order; the workers keep proving meanwhile.
  let writing: Promise<void> = skipped > 0 ? writeSkipped(runId, skipped) : Promise.resolve();

  /** Each throttled attempt is audited like any verification (as before batching); only the last one counts. */
  async function proveWithBackoff(target: VerifyTarget): Promise<AccessProof> {
    for (let attempt = 0; ; attempt++) {
      const wait = backoff.delayMs();
      if (wait > 0) await sleep(wait);
      const proof = await prove(proveInputFor(target, options.actor, new Date())).catch((error: unknown): AccessProof => {
        log.error("fleet verification of one connection crashed", { connectionId: target.id, error });
        return { ok: false, code: "unknown", message: "Unexpected error" };
      });
      if (proof.ok) backoff.succeeded();
      if (proof.ok || proof.code !== "throttled" || attempt >= maxRetries) return proof;
      pending.push({ target, proof, at: new Date(), retried: true });
      backoff.throttled();
    }
  }

  function flush(): void {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    writing = writing.then(() => writeBatch(runId, batch, options));
  }

  async function worker(): Promise<void> {
    while (next < targets.length) {
      const target = targets[next++];
      if (!target) return;
      const proof = await proveWithBackoff(target);
      if (proof.ok) succeeded++;
      else failed++;
      pending.push({ target, proof, at: new Date() });
      if (pending.length >= batchSize) flush();
    }
  }

  const workers = Math.max(1, Math.min(options.concurrency, targets.length));
  const settled = await Promise.allSettled(Array.from({ length: workers }, () => worker()));
  flush();
  await writing;
  const crashed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (crashed) throw crashed.reason;
  return { succeeded, failed };
}

/** A busy database must slow a batch down, not fail it: Prisma's 5 s default would roll back a whole batch. */
const BATCH_TRANSACTION = { maxWait: 30_000, timeout: 60_000 };

async function writeBatch(runId: string, batch: readonly ProvenAccess[], options: VerifyBatchOptions): Promise<void> {
  await db.$transaction(async (tx) => {
    const outcomes = await recordVerifications(options, batch, tx);
    const counted = outcomes.filter((_, i) => !batch[i]!.retried);
    const ok = counted.filter((o) => o.ok).length;
    await tx.$executeRaw`
      UPDATE verify_runs SET done = done + ${counted.length}, succeeded = succeeded + ${ok}, failed = failed + ${counted.length - ok},
        finished_at = CASE WHEN done + ${counted.length} >= total THEN now() ELSE finished_at END
      WHERE id = ${runId}::uuid`;
  }, BATCH_TRANSACTION);
}

async function writeSkipped(runId: string, skipped: number): Promise<void> {
  await db.$executeRaw`
    UPDATE verify_runs SET done = done + ${skipped}, failed = failed + ${skipped},
      finished_at = CASE WHEN done + ${skipped} >= total THEN now() ELSE finished_at END
    WHERE id = ${runId}::uuid`;
}

/** A whole run in this process (tests, the bench's baseline): the same code the chunk jobs run, over every account. */
export async function runFleetVerification(options: FleetOptions): Promise<FleetResult> {
  const ids = await fleetTargetIds();
  const run = await db.verifyRun.create({ data: { trigger: options.trigger, total: ids.length }, select: { id: true } });
  let result = { succeeded: 0, failed: 0 };
  try {
    const targets = await loadTargets(ids);
    result = await verifyTargets(run.id, targets, ids.length - targets.length, options);
  } finally {
    await db.verifyRun.update({ where: { id: run.id }, data: { finishedAt: new Date() } });
  }
  log.info("fleet verification finished", { runId: run.id, total: ids.length, ...result });
  return { runId: run.id, total: ids.length, ...result };
}
