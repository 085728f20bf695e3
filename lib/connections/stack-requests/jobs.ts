/** The stack-request queue's workers and the sweeper that re-queues what a crash left behind. */
import type PgBoss from "pg-boss";
import { log } from "@/lib/log";
import { QUEUES } from "@/lib/jobs/boss";
import { workWoken } from "@/lib/jobs/wake";
import { processCfnRequest } from "./process-request";
import { sweepStoredRequests } from "./sweep";

/** Requests processed at once per process: each may wait on IAM propagation. */
export const CFN_CONCURRENCY = 8;

export async function registerStackRequestJobs(boss: PgBoss): Promise<void> {
  for (let i = 0; i < CFN_CONCURRENCY; i++) {
    // Woken as each request is queued (lib/jobs/wake.ts); the poll is the fallback.
    await workWoken<{ cfnRequestId: string }>(boss, QUEUES.cfnRequest, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) await processCfnRequest(job.data.cfnRequestId);
    });
  }
  await boss.work(QUEUES.sweep, { pollingIntervalSeconds: 5 }, async () => {
    await sweepStoredRequests();
  });
  await boss.schedule(QUEUES.sweep, "* * * * *");
  // Recover what a crash or restart left behind, now rather than in a minute.
  await sweepStoredRequests().catch((error: unknown) => log.warn("initial sweep failed", { error }));
}
