/**
 * Proving the second factor in a session: at sign-in, and again for step-up
 * (before "Verify all", and for admin actions at most every 12 hours).
 * Enrolling or removing a factor ends the user's other sessions.
 */
import { db } from "@/lib/db";
import { refund, reserve } from "@/lib/limits/limiter";
import { waitFor } from "@/lib/limits/messages";
import { endAllSessions } from "../sessions";
import { issueRecoveryCodes, spendRecoveryCode } from "./recovery-codes";
import { checkTotp } from "./totp";

/** Admin actions need a second factor proven within this window (also the session's absolute lifetime). */
export const ADMIN_STEP_UP_SECONDS = 12 * 60 * 60;
/** "Verify all" (AssumeRole into every customer) needs a fresh proof. */
export const SENSITIVE_STEP_UP_SECONDS = 10 * 60;

export function isFresh(secondFactorAt: Date | null, seconds: number, now = new Date()): boolean {
  return secondFactorAt !== null && now.getTime() - secondFactorAt.getTime() <= seconds * 1000;
}

export type ProveOutcome = { kind: "verified" } | { kind: "wrong-code" } | { kind: "limited"; message: string; retryAfterSeconds: number };

async function markVerified(sessionId: string): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { secondFactorAt: new Date() } });
}

/** A code from the authenticator app, or a recovery code (used up). */
export async function proveSecondFactor(input: {
  userId: string;
  sessionId: string;
  method: "totp" | "recovery";
  code: unknown;
}): Promise<ProveOutcome> {
  const limit = await reserve([["mfa:user", input.userId]]);
  if (limit.kind === "limited") {
    return {
      kind: "limited",
      retryAfterSeconds: limit.retryAfterSeconds,
      message: `Too many codes tried. Wait ${waitFor(limit.retryAfterSeconds)} and try again.`,
    };
  }
  const ok =
    input.method === "totp"
      ? await checkTotp(input.userId, input.code, { confirmed: true })
      : typeof input.code === "string" && (await spendRecoveryCode(input.userId, input.code));
  if (!ok) return { kind: "wrong-code" };
  // Only wrong codes use up the limit: an admin who signs in often must never lock themselves out.
  await refund("mfa:user", input.userId);
  await markVerified(input.sessionId);
  return { kind: "verified" };
}

export type ConfirmTotpOutcome = { kind: "enrolled"; recoveryCodes: string[] } | { kind: "wrong-code" };

/** The first code from the app confirms it: MFA is on, this session counts as verified, others end. */
export async function confirmTotpEnrolment(input: { userId: string; sessionId: string; code: unknown }): Promise<ConfirmTotpOutcome> {
  if (!(await checkTotp(input.userId, input.code, { confirmed: false }))) return { kind: "wrong-code" };
  const recoveryCodes = await db.$transaction(async (tx) => {
    await tx.totpFactor.update({ where: { userId: input.userId }, data: { confirmedAt: new Date() } });
    await tx.user.update({ where: { id: input.userId }, data: { mfaEnabled: true } });
    await tx.session.updateMany({ where: { id: input.sessionId, revokedAt: null }, data: { secondFactorAt: new Date() } });
    await endAllSessions(input.userId, "mfa-change", { except: input.sessionId, tx });
    return issueRecoveryCodes(input.userId, tx);
  });
  return { kind: "enrolled", recoveryCodes };
}

/** New recovery codes (the old ones stop working). */
export async function regenerateRecoveryCodes(userId: string): Promise<string[]> {
  return db.$transaction((tx) => issueRecoveryCodes(userId, tx));
}
