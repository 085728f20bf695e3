/**
 * Workers wake the moment a job is queued instead of at their next poll.
 * pg-boss 10 polls (at least every 0.5 s) and has no LISTEN of its own, but
 * it can cut a worker's wait short (`notifyWorker`). A row trigger on its job
 * table NOTIFYs the queue's name in the inserting transaction, so the wake-up
 * arrives only once the job is committed and can be fetched; the process's one
 * LISTEN connection (lib/live/listener.ts) passes it to that queue's workers.
 * Polling stays as it was: it is the fallback if a notification is lost.
 */
import type PgBoss from "pg-boss";
import { listen } from "@/lib/live/listener";
import { log } from "@/lib/log";

export const JOB_WAKE_CHANNEL = "job_wake";

const globalForWake = globalThis as unknown as { jobWorkers?: Map<string, string[]>; stopWake?: () => void };

/**
 * Installed once per database (idempotent; several processes may start at
 * once, hence the lock). pg-boss creates its schema at start, after our
 * migrations, so the trigger cannot live in a migration.
 */
export async function installWakeTrigger(boss: PgBoss): Promise<void> {
  await boss.getDb().executeSql(
    `
    BEGIN;
    SELECT pg_advisory_xact_lock(hashtext('rolelink-job-wake-trigger'));
    CREATE OR REPLACE FUNCTION pgboss.rolelink_job_wake() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Same payload within one transaction is delivered once.
      PERFORM pg_notify('${JOB_WAKE_CHANNEL}', NEW.name);
      RETURN NULL;
    END $$;
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'rolelink_job_wake' AND tgrelid = 'pgboss.job'::regclass) THEN
        CREATE TRIGGER rolelink_job_wake AFTER INSERT ON pgboss.job FOR EACH ROW EXECUTE FUNCTION pgboss.rolelink_job_wake();
      END IF;
    END $$;
    COMMIT;`,
    [],
  );
}

/** boss.work, remembering the worker so a wake-up for its queue can reach it. */
export async function workWoken<T extends object>(
  boss: PgBoss,
  queue: string,
  options: PgBoss.WorkOptions,
  handler: PgBoss.WorkHandler<T>,
): Promise<string> {
  const id = await boss.work<T>(queue, options, handler);
  globalForWake.jobWorkers ??= new Map();
  const ids = globalForWake.jobWorkers.get(queue) ?? [];
  globalForWake.jobWorkers.set(queue, [...ids, id]);
  return id;
}

export async function startWakeUps(boss: PgBoss): Promise<void> {
  globalForWake.stopWake?.();
  globalForWake.stopWake = await listen(JOB_WAKE_CHANNEL, {
    onNotify(queue) {
      // Every worker of the queue: busy ones fetch again as soon as they finish, idle ones at once.
      for (const id of globalForWake.jobWorkers?.get(queue) ?? []) boss.notifyWorker(id);
    },
    onResync() {
      for (const ids of globalForWake.jobWorkers?.values() ?? []) for (const id of ids) boss.notifyWorker(id);
    },
  });
  log.info("job wake-ups on", { queues: [...(globalForWake.jobWorkers?.keys() ?? [])] });
}

export function stopWakeUps(): void {
  globalForWake.stopWake?.();
  globalForWake.stopWake = undefined;
  globalForWake.jobWorkers = undefined;
}
