/**
 * Reserving attempts against the limits in lib/limits/rules.ts, kept in
 * PostgreSQL so every app process shares them. An attempt is counted before
 * the work it guards (argon2, an AWS call), in one atomic statement per key.
 */
import { createHash } from "node:crypto";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { LIMITS_TABLE, limitsPool } from "./store";
import { RULES, type RuleName } from "./rules";

const limiters = new Map<RuleName, RateLimiterPostgres>();

function limiter(name: RuleName): RateLimiterPostgres {
  let found = limiters.get(name);
  if (!found) {
    found = new RateLimiterPostgres({
      storeClient: limitsPool(),
      storeType: "pool",
      tableName: LIMITS_TABLE,
      tableCreated: true,
      // Expired rows are deleted by the retention job, not by a timer in every process.
      clearExpiredByTimeout: false,
      keyPrefix: name,
      points: RULES[name].points,
      duration: RULES[name].duration,
    });
    limiters.set(name, found);
  }
  return found;
}

/** Emails and IPs are not stored as such: a key is a short hash of the subject. */
export function subjectKey(subject: string): string {
  return createHash("sha256").update(subject.toLowerCase()).digest("base64url").slice(0, 32);
}

export type LimitCheck = readonly [RuleName, string];

export type Reservation =
  | { kind: "allowed"; remaining: Partial<Record<RuleName, { points: number; resetSeconds: number }>> }
  | { kind: "limited"; rule: RuleName; retryAfterSeconds: number };

/**
 * Counts one attempt against each check, in order (put the broadest first):
 * the first refusal stops, so a refused attempt is not counted by the narrower
 * keys, nor by the key that refused it. The store counts before it compares,
 * so a refusal is given back: otherwise, while attempts wait with their points
 * held (a queued password check, refunded when the server is too busy), each
 * refusal would stay counted, and an email could lock after fewer real
 * guesses than its limit.
 */
export async function reserve(checks: readonly LimitCheck[]): Promise<Reservation> {
  const remaining: Partial<Record<RuleName, { points: number; resetSeconds: number }>> = {};
  for (const [rule, subject] of checks) {
    try {
      const res = await limiter(rule).consume(subjectKey(subject));
      remaining[rule] = { points: res.remainingPoints, resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        await refund(rule, subject);
        return { kind: "limited", rule, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
      }
      throw error;
    }
  }
  return { kind: "allowed", remaining };
}

/** Gives an attempt back (e.g. the server was too busy to make it). */
export async function refund(rule: RuleName, subject: string): Promise<void> {
  await limiter(rule).reward(subjectKey(subject), 1);
}

/** Forgets a key's count (e.g. the right password clears that email's failures). */
export async function forget(rule: RuleName, subject: string): Promise<void> {
  await limiter(rule).delete(subjectKey(subject));
}
