/**
 * The background worker's composition root: runs inside the web server by
 * default (RUN_WORKER), or alone with `npm run worker`. Several can share one
 * PostgreSQL: pg-boss hands each job to exactly one of them.
 */
import { log } from "@/lib/log";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { startWakeUps, stopWakeUps } from "@/lib/jobs/wake";
import { registerStackRequestJobs } from "@/lib/connections/stack-requests/jobs";
import { registerFleetJobs } from "@/lib/connections/verification/fleet-jobs";
import { registerWebhookJobs } from "@/lib/webhooks/jobs";
import { sealLegacySigningSecrets } from "@/lib/webhooks/signing-secrets";
import { registerMaintenanceJobs } from "@/lib/maintenance/jobs";

let started = false;
let stopWebhookPoller: (() => void) | undefined;

export async function startWorker(): Promise<void> {
  if (started) return;
  started = true;
  const boss = await getBoss();
  await registerStackRequestJobs(boss);
  await registerFleetJobs(boss);
  // Secrets stored in clear by an earlier release are sealed before any delivery reads them.
  const sealed = await sealLegacySigningSecrets();
  if (sealed > 0) log.info("sealed webhook signing secrets stored in clear", { count: sealed });
  stopWebhookPoller = await registerWebhookJobs(boss);
  await registerMaintenanceJobs(boss);
  await startWakeUps(boss);
  log.info("background worker started");
}

/** Lets in-flight jobs finish (up to the timeout), then stops polling. */
export async function stopWorker(timeoutMs = 30_000): Promise<void> {
  if (!started) return;
  started = false;
  stopWebhookPoller?.();
  stopWebhookPoller = undefined;
  stopWakeUps();
  await stopBoss({ graceful: true, timeoutMs });
}
