/** Admin read: the latest fleet verification run, for the progress panel. */
import "server-only";
import { db } from "@/lib/db";
import { requireAdmin } from "@/lib/auth/session";

/** A run still "running" after this long was cut short (worker restarted). */
const STALE_AFTER_MS = 6 * 3600_000;

export interface VerifyRunView {
  id: string;
  trigger: string;
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  startedAt: Date;
  finishedAt: Date | null;
  running: boolean;
}

export async function getLatestVerifyRun(): Promise<VerifyRunView | null> {
  await requireAdmin();
  const run = await db.verifyRun.findFirst({ orderBy: { startedAt: "desc" } });
  if (!run) return null;
  const running = !run.finishedAt && Date.now() - run.startedAt.getTime() < STALE_AFTER_MS;
  return { ...run, running };
}
