/**
 * The background worker: runs inside the web server by default (RUN_WORKER),
 * or alone with `npm run worker`. Several can share one PostgreSQL: pg-boss
 * hands each job to exactly one of them.
 */
import { log } from "@/lib/log";
import { processCfnRequest } from "@/lib/onboarding/process-request";
import { getBoss, QUEUES, stopBoss } from "./boss";
import { sweepStoredRequests } from "./sweep";

/** Requests processed at once per process: each may wait ~90 s on IAM propagation. */
const CFN_CONCURRENCY = 8;

let started = false;

export async function startWorker(): Promise<void> {
  if (started) return;
  started = true;
  const boss = await getBoss();
  for (let i = 0; i < CFN_CONCURRENCY; i++) {
    await boss.work<{ cfnRequestId: string }>(QUEUES.cfnRequest, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) await processCfnRequest(job.data.cfnRequestId);
    });
  }
  await boss.work(QUEUES.sweep, { pollingIntervalSeconds: 5 }, async () => {
    await sweepStoredRequests();
  });
  await boss.schedule(QUEUES.sweep, "* * * * *");
  // Recover what a crash or restart left behind, now rather than in a minute.
  await sweepStoredRequests().catch((error) => log.warn("initial sweep failed", { error }));

  try {
    const { registerAdminJobs } = await import("@/lib/admin/jobs");
    await registerAdminJobs(boss);
  } catch (error) {
    log.warn("admin jobs not registered", { error });
  }
  log.info("background worker started", { cfnConcurrency: CFN_CONCURRENCY });
}

/** Lets in-flight jobs finish (up to the timeout), then stops polling. */
export async function stopWorker(timeoutMs = 30_000): Promise<void> {
  if (!started) return;
  started = false;
  await stopBoss({ graceful: true, timeoutMs });
}
