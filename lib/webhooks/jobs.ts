/**
 * Webhook delivery on pg-boss: a poller hands due deliveries to the queue (one
 * job per delivery, singleton per id) and workers attempt them. The database
 * row is the truth: a job lost to a crash is queued again once its delivery
 * has been "enqueued" for five minutes without an attempt.
 */
import type PgBoss from "pg-boss";
import { db } from "@/lib/db";
import { QUEUES } from "@/lib/jobs/boss";
import { log } from "@/lib/log";
import { deliverWebhook } from "./deliver";

export const WEBHOOK_CONCURRENCY = 4;
/** Mutable so tests can speed it up. */
export const pollSettings = { intervalMs: 1_000 };

export async function queueDueDeliveries(boss: PgBoss): Promise<number> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    UPDATE webhook_deliveries SET enqueued_at = now()
    WHERE id IN (
      SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
      WHERE d.state = 'pending' AND e.enabled AND d.next_attempt_at <= now()
        AND (d.enqueued_at IS NULL OR d.enqueued_at < now() - interval '5 minutes')
      ORDER BY d.next_attempt_at LIMIT 200
      FOR UPDATE OF d SKIP LOCKED)
    RETURNING id`;
  for (const row of rows) {
    await boss.send(
      QUEUES.webhookDelivery,
      { deliveryId: row.id },
      { singletonKey: row.id, retryLimit: 2, retryDelay: 5, expireInSeconds: 120 },
    );
  }
  return rows.length;
}

export async function registerWebhookJobs(boss: PgBoss): Promise<() => void> {
  for (let i = 0; i < WEBHOOK_CONCURRENCY; i++) {
    await boss.work<{ deliveryId: string }>(QUEUES.webhookDelivery, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) await deliverWebhook(job.data.deliveryId);
    });
  }
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    queueDueDeliveries(boss)
      .catch((error: unknown) => log.warn("queueing webhook deliveries failed", { error }))
      .finally(() => (running = false));
  }, pollSettings.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
