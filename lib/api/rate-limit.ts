/**
 * Per-key rate limits on the app's own PostgreSQL (rate-limiter-flexible's
 * Prisma store), so every web process shares one count per key.
 */
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db";

/** Credentials issued per key per minute. Mutable so tests can lower it; nothing else should change it. */
export const credentialRateLimit = { points: 20, durationSeconds: 60 };

let limiter: { config: string; instance: RateLimiterPrisma } | undefined;

function credentialLimiter(): RateLimiterPrisma {
  const config = `${credentialRateLimit.points}/${credentialRateLimit.durationSeconds}`;
  if (limiter?.config !== config) {
    limiter = {
      config,
      // tableName is the Prisma model's client property; expired rows are replaced on next use, so no cleanup timer.
      instance: new RateLimiterPrisma({
        storeClient: db,
        tableName: "apiRateLimit",
        keyPrefix: "credentials",
        points: credentialRateLimit.points,
        duration: credentialRateLimit.durationSeconds,
        clearExpiredByTimeout: false,
      }),
    };
  }
  return limiter.instance;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export async function takeCredentialToken(keyId: string): Promise<RateDecision> {
  try {
    await credentialLimiter().consume(keyId);
    return { ok: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    throw rejection;
  }
}
