/**
 * Hourly housekeeping on the job queue (one run at a time across processes):
 * unused launch links expire and give back their topic permission, and data
 * past its retention is deleted (lib/maintenance/retention.ts).
 */
import type PgBoss from "pg-boss";
import { QUEUES } from "@/lib/jobs/boss";
import { log } from "@/lib/log";
import { expirePendingLinks } from "@/lib/connections/expire-links";
import { applyRetention, type RetentionResult } from "./retention";

export async function runMaintenance(now = new Date()): Promise<{ expiredLinks: number } & RetentionResult> {
  const { expired } = await expirePendingLinks(now);
  return { expiredLinks: expired, ...(await applyRetention(now)) };
}

export async function registerMaintenanceJobs(boss: PgBoss): Promise<void> {
  await boss.work(QUEUES.maintenance, { batchSize: 1, pollingIntervalSeconds: 30 }, async () => {
    const result = await runMaintenance();
    log.info("maintenance done", { ...result });
  });
  await boss.schedule(QUEUES.maintenance, "17 * * * *");
}
