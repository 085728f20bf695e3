/**
 * Slows down password guessing per email: after a few failures each further
 * failure locks the email for longer (30 s, 60 s, 120 s, ... capped at 15 min).
 */
import { db } from "@/lib/db";

const FREE_FAILURES = 5;
const BASE_LOCK_SECONDS = 30;
const MAX_LOCK_SECONDS = 15 * 60;

/** Seconds the email must still wait before another attempt, or 0. */
export async function secondsLocked(email: string, now = new Date()): Promise<number> {
  const row = await db.loginThrottle.findUnique({ where: { email }, select: { lockedUntil: true } });
  if (!row?.lockedUntil) return 0;
  return Math.max(0, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000));
}

export async function recordFailure(email: string, now = new Date()): Promise<void> {
  // One statement, so concurrent failures cannot lose an increment.
  const row = await db.loginThrottle.upsert({
    where: { email },
    create: { email, failures: 1 },
    update: { failures: { increment: 1 } },
    select: { failures: true },
  });
  if (row.failures < FREE_FAILURES) return;
  const seconds = Math.min(MAX_LOCK_SECONDS, BASE_LOCK_SECONDS * 2 ** (row.failures - FREE_FAILURES));
  await db.loginThrottle.update({ where: { email }, data: { lockedUntil: new Date(now.getTime() + seconds * 1000) } });
}

export async function clearFailures(email: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { email } });
}

export function lockedMessage(seconds: number): string {
  const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
  return `Too many failed sign-ins for this email. Wait ${wait} and try again.`;
}
