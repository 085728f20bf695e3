/**
 * Fleet background jobs: the re-verification, on demand ("Verify all")
 * and every VERIFY_INTERVAL_HOURS. The queue is "stately", so at most one run
 * is queued and one running at a time: runs never overlap.
 */
import type PgBoss from "pg-boss";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { QUEUES } from "@/lib/jobs/boss";
import { runFleetVerification } from "./verify-fleet";

export const fleetJobSchema = z.object({
  trigger: z.string().max(100).default("schedule"),
  by: z.object({ id: z.string().uuid(), email: z.string().max(320) }).optional(),
});

export type FleetJob = z.input<typeof fleetJobSchema>;

/** Cron for "every N hours" (N ≥ 24 rounds to whole days). */
export function intervalCron(hours: number): string {
  if (hours < 24) return hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
  const days = Math.max(1, Math.round(hours / 24));
  return days === 1 ? "0 0 * * *" : `0 0 */${days} * *`;
}

export async function handleFleetJob(data: unknown): Promise<void> {
  const job = fleetJobSchema.parse(data ?? {});
  const env = getEnv();
  await runFleetVerification({
    trigger: job.by ? `admin:${job.by.id}` : job.trigger,
    actor: job.by ? { kind: "admin", id: job.by.id, email: job.by.email } : { kind: "system" },
    reason: job.by ? "fleet" : "schedule",
    concurrency: env.VERIFY_CONCURRENCY,
  });
}

export async function registerFleetJobs(boss: PgBoss): Promise<void> {
  const env = getEnv();
  // A fleet run can take a while at 100k accounts: give it hours, not pg-boss's 15-minute default.
  await boss.updateQueue(QUEUES.verifyFleet, { name: QUEUES.verifyFleet, policy: "stately", expireInSeconds: 6 * 3600, retryLimit: 0 });
  await boss.work(QUEUES.verifyFleet, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    if (job) await handleFleetJob(job.data);
  });
  await boss.schedule(QUEUES.verifyFleet, intervalCron(env.VERIFY_INTERVAL_HOURS), { trigger: "schedule" });
  log.info("fleet jobs registered", { verifyIntervalHours: env.VERIFY_INTERVAL_HOURS, verifyConcurrency: env.VERIFY_CONCURRENCY });
}

/** "Verify all": queues a run now. False when one is already queued (stately queue). */
export async function queueFleetRun(boss: PgBoss, by: { id: string; email: string }): Promise<boolean> {
  const jobId = await boss.send(QUEUES.verifyFleet, { trigger: `admin:${by.id}`, by } satisfies FleetJob);
  return jobId !== null;
}
