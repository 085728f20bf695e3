/**
 * Fleet background jobs: the re-verification, on demand ("Verify all")
 * and every VERIFY_INTERVAL_HOURS. The run job is quick: it records the run
 * and queues one chunk job per FLEET_CHUNK_SIZE accounts, which any worker
 * process takes (pg-boss hands each to exactly one), so several workers share
 * a fleet. The run queue is "stately" and a run is not started while another
 * is still in progress: runs never overlap.
 */
import type PgBoss from "pg-boss";
import { z } from "zod";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { QUEUES } from "@/lib/jobs/boss";
import type { VerifyActor } from "./verify-connection";
import { FLEET_CHUNK_SIZE, fleetTargetIds, loadTargets, verifyTargets, type VerifyBatchOptions } from "./verify-fleet";

const byAdmin = z.object({ id: z.string().uuid(), email: z.string().max(320) });

export const fleetJobSchema = z.object({
  trigger: z.string().max(100).default("schedule"),
  by: byAdmin.optional(),
});
export type FleetJob = z.input<typeof fleetJobSchema>;

export const fleetChunkSchema = z.object({
  runId: z.string().uuid(),
  connectionIds: z.array(z.string().uuid()).min(1).max(FLEET_CHUNK_SIZE),
  by: byAdmin.optional(),
});
export type FleetChunk = z.infer<typeof fleetChunkSchema>;

/** A run older than this with no finish time died with its worker: it no longer blocks a new one. */
const STALE_RUN_MS = 60 * 60_000;
/** Chunk jobs each process works on at once: while one drains its last accounts, the next is already running. */
export const CHUNKS_PER_PROCESS = 2;

/** Cron for "every N hours" (N ≥ 24 rounds to whole days). */
export function intervalCron(hours: number): string {
  if (hours < 24) return hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
  const days = Math.max(1, Math.round(hours / 24));
  return days === 1 ? "0 0 * * *" : `0 0 */${days} * *`;
}

function actorOf(by: FleetChunk["by"]): Pick<VerifyBatchOptions, "actor" | "reason"> {
  const actor: VerifyActor = by ? { kind: "admin", id: by.id, email: by.email } : { kind: "system" };
  return { actor, reason: by ? "fleet" : "schedule" };
}

/**
 * Records a run and queues its chunks. Returns the run id, or null when a run
 * is still in progress. The chunks are queued in one insert, after the run
 * row exists, so a worker never sees a chunk of an unknown run.
 */
export async function startFleetRun(boss: PgBoss, job: FleetJob, chunkSize = FLEET_CHUNK_SIZE): Promise<string | null> {
  const parsed = fleetJobSchema.parse(job);
  const inProgress = await db.verifyRun.findFirst({
    where: { finishedAt: null, startedAt: { gt: new Date(Date.now() - STALE_RUN_MS) } },
    select: { id: true },
  });
  if (inProgress) {
    log.info("fleet run not started: another is in progress", { runId: inProgress.id });
    return null;
  }
  const ids = await fleetTargetIds();
  const trigger = parsed.by ? `admin:${parsed.by.id}` : parsed.trigger;
  const run = await db.verifyRun.create({
    data: { trigger, total: ids.length, ...(ids.length === 0 ? { finishedAt: new Date() } : {}) },
    select: { id: true },
  });
  const chunks: PgBoss.JobInsert[] = [];
  const size = Math.max(1, Math.min(chunkSize, FLEET_CHUNK_SIZE));
  for (let i = 0; i < ids.length; i += size) {
    const data: FleetChunk = { runId: run.id, connectionIds: ids.slice(i, i + size), by: parsed.by };
    // The queue is stately (one queued job per key): each chunk has its own key. No retry: a
    // chunk is never verified twice in a run; a crashed one is left for the next run.
    chunks.push({ name: QUEUES.verifyFleetChunk, data, singletonKey: `${run.id}:${i / size}`, retryLimit: 0, expireInSeconds: 30 * 60 });
  }
  if (chunks.length > 0) await boss.insert(chunks);
  log.info("fleet run queued", { runId: run.id, total: ids.length, chunks: chunks.length });
  return run.id;
}

export async function handleFleetChunk(data: unknown, options: Partial<VerifyBatchOptions> = {}): Promise<void> {
  const chunk = fleetChunkSchema.parse(data);
  const targets = await loadTargets(chunk.connectionIds);
  const concurrency = options.concurrency ?? Math.max(1, Math.ceil(getEnv().VERIFY_CONCURRENCY / CHUNKS_PER_PROCESS));
  const result = await verifyTargets(chunk.runId, targets, chunk.connectionIds.length - targets.length, {
    ...actorOf(chunk.by),
    ...options,
    concurrency,
  }).catch((error: unknown) => {
    // pg-boss only marks the job failed: say which run lost which accounts.
    log.error("fleet chunk failed", { runId: chunk.runId, accounts: chunk.connectionIds.length, error });
    throw error;
  });
  log.info("fleet chunk verified", { runId: chunk.runId, accounts: chunk.connectionIds.length, ...result });
}

/** The chunk workers alone: what a worker process needs to take part in fleet runs (options.concurrency is per chunk). */
export async function registerFleetChunkWorkers(boss: PgBoss, options: Partial<VerifyBatchOptions> = {}): Promise<void> {
  for (let i = 0; i < CHUNKS_PER_PROCESS; i++) {
    await boss.work(QUEUES.verifyFleetChunk, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) await handleFleetChunk(job.data, options);
    });
  }
}

export async function registerFleetJobs(boss: PgBoss): Promise<void> {
  const env = getEnv();
  await boss.updateQueue(QUEUES.verifyFleet, { name: QUEUES.verifyFleet, policy: "stately", retryLimit: 0 });
  await boss.work(QUEUES.verifyFleet, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    if (job) await startFleetRun(boss, job.data ?? {});
  });
  await registerFleetChunkWorkers(boss);
  await boss.schedule(QUEUES.verifyFleet, intervalCron(env.VERIFY_INTERVAL_HOURS), { trigger: "schedule" });
  log.info("fleet jobs registered", { verifyIntervalHours: env.VERIFY_INTERVAL_HOURS, verifyConcurrency: env.VERIFY_CONCURRENCY });
}

/** "Verify all": queues a run now. False when one is already queued (stately queue). */
export async function queueFleetRun(boss: PgBoss, by: { id: string; email: string }): Promise<boolean> {
  const jobId = await boss.send(QUEUES.verifyFleet, { trigger: `admin:${by.id}`, by } satisfies FleetJob);
  return jobId !== null;
}
