/**
 * pg-boss on the app's own PostgreSQL: durable jobs that survive restarts and
 * are handed to exactly one worker among many processes.
 */
import PgBoss from "pg-boss";
import { log } from "@/lib/log";
import { installWakeTrigger } from "./wake";

export const QUEUES = {
  /** Process one stored CloudFormation custom resource request. */
  cfnRequest: "cfn-request",
  /** Re-queue stored requests whose job was lost (crash between commit and send). */
  sweep: "sweep",
  /** Verify one connection (admin "verify" runs inline; fleet runs use this). */
  verifyFleet: "verify-fleet",
  /** Verify one slice (≤ FLEET_CHUNK_SIZE accounts) of a fleet run; any worker process may take it. */
  verifyFleetChunk: "verify-fleet-chunk",
  /** Attempt one webhook delivery (lib/webhooks). */
  webhookDelivery: "webhook-delivery",
  /** Hourly housekeeping: expire unused launch links, delete data past its retention. */
  maintenance: "maintenance",
} as const;

const globalForBoss = globalThis as unknown as { boss?: Promise<PgBoss> };

/** The process's pg-boss instance, started (and its queues created) on first use. */
export function getBoss(): Promise<PgBoss> {
  globalForBoss.boss ??= (async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    const boss = new PgBoss({
      connectionString,
      max: 5,
      application_name: "rolelink-jobs",
      // Expired jobs (a worker died mid-job) are noticed at maintenance: check
      // often, so a killed worker's CloudFormation request is retried well
      // within the template's 300 s ServiceTimeout.
      maintenanceIntervalSeconds: 30,
    });
    boss.on("error", (error) => log.error("job queue error", { error }));
    await boss.start();
    // "stately": at most one queued and one running job per singleton key. The
    // cfn-request key is the request's lane (its connection, else its claimed
    // account), so a re-queue can never run one link's requests twice at once,
    // nor let one link fill the queue.
    for (const name of Object.values(QUEUES)) await boss.createQueue(name, { name, policy: "stately" });
    await installWakeTrigger(boss);
    return boss;
  })().catch((error) => {
    globalForBoss.boss = undefined; // let the next call try again
    throw error;
  });
  return globalForBoss.boss;
}

export async function stopBoss(options: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const pending = globalForBoss.boss;
  globalForBoss.boss = undefined;
  if (!pending) return;
  const boss = await pending.catch(() => undefined);
  await boss?.stop({ graceful: options.graceful ?? true, timeout: options.timeoutMs ?? 30_000, wait: true });
}
