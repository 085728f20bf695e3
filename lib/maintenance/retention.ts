/**
 * Retention: tables that would otherwise grow for ever are trimmed hourly.
 * - sns_messages: kept past the replay window (verify.ts refuses anything older,
 *   so the dedupe row is no longer needed) plus a day's margin;
 * - rate_limits: windows that ended more than an hour ago;
 * - sessions: ended or expired more than 30 days ago;
 * - email_tokens: emailed links a day after they expired (used or not);
 * - cfn_requests: after CFN_PAYLOAD_RETENTION_DAYS a finished request keeps its
 *   outcome but loses its presigned ResponseURL (a credential for that stack).
 * events are kept: they are the audit trail (docs/security-model.md).
 */
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { MAX_FUTURE_SKEW_MS, MAX_MESSAGE_AGE_MS } from "@/lib/sns/verify";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
export const SNS_MESSAGE_RETENTION_MS = MAX_MESSAGE_AGE_MS + MAX_FUTURE_SKEW_MS + DAY;
export const ENDED_SESSION_RETENTION_MS = 30 * DAY;

export interface RetentionResult {
  snsMessages: number;
  rateLimits: number;
  sessions: number;
  cfnPayloadsTrimmed: number;
  emailTokens: number;
}

export async function applyRetention(now = new Date()): Promise<RetentionResult> {
  const env = getEnv();
  const snsMessages = await db.snsMessage.deleteMany({ where: { receivedAt: { lt: new Date(now.getTime() - SNS_MESSAGE_RETENTION_MS) } } });
  const rateLimits = await db.rateLimit.deleteMany({ where: { expire: { lt: BigInt(now.getTime() - HOUR) } } });
  const sessionCutoff = new Date(now.getTime() - ENDED_SESSION_RETENTION_MS);
  const sessions = await db.session.deleteMany({
    where: { OR: [{ revokedAt: { lt: sessionCutoff } }, { expiresAt: { lt: sessionCutoff } }] },
  });
  // Expired links are useless; a day's margin keeps "this link was used" answers for a fresh reload.
  const emailTokens = await db.emailToken.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - DAY) } } });
  const payloadCutoff = new Date(now.getTime() - env.CFN_PAYLOAD_RETENTION_DAYS * DAY);
  // Only finished requests: one still being processed needs its ResponseURL to answer.
  const cfnPayloadsTrimmed = await db.$executeRaw`
    UPDATE cfn_requests
       SET payload = jsonb_set(payload #- '{request,ResponseURL}', '{responseUrlRemoved}', 'true'::jsonb)
     WHERE created_at < ${payloadCutoff}
       AND state IN ('responded', 'rejected', 'response_failed')
       AND payload #> '{request,ResponseURL}' IS NOT NULL`;
  return {
    snsMessages: snsMessages.count,
    rateLimits: rateLimits.count,
    sessions: sessions.count,
    cfnPayloadsTrimmed,
    emailTokens: emailTokens.count,
  };
}
