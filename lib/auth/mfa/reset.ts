/**
 * Operator recovery for a user who lost every second factor (and their
 * recovery codes): removes all factors and ends every session. The user signs
 * in with their password and, if an admin, is asked to enrol again at once.
 * Run from a shell on the server (scripts/reset-mfa.ts), never from the web.
 */
import { db } from "@/lib/db";
import { endAllSessions } from "../sessions";

export async function resetSecondFactors(email: string): Promise<{ kind: "reset"; endedSessions: number } | { kind: "no-user" }> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) return { kind: "no-user" };
  const endedSessions = await db.$transaction(async (tx) => {
    await tx.totpFactor.deleteMany({ where: { userId: user.id } });
    await tx.passkey.deleteMany({ where: { userId: user.id } });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.user.update({ where: { id: user.id }, data: { mfaEnabled: false } });
    return endAllSessions(user.id, "mfa-change", { tx });
  });
  return { kind: "reset", endedSessions };
}
