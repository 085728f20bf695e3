/**
 * Removing a second factor (a passkey or the authenticator app). Needs a fresh
 * step-up (checked by the caller with the session's proof time), ends the
 * user's other sessions like every MFA change, and never leaves an admin
 * without a factor. A customer who removes their last factor turns MFA off.
 */
import { db } from "@/lib/db";
import { endAllSessions } from "../sessions";
import { isFresh, SENSITIVE_STEP_UP_SECONDS } from "./second-factor";

export type FactorRef = { kind: "passkey"; id: string } | { kind: "totp" };

export type RemoveFactorOutcome =
  | { kind: "removed"; factorsLeft: number; endedSessions: number }
  | { kind: "step-up" }
  | { kind: "not-found" }
  | { kind: "last-admin-factor" };

export async function removeFactor(input: {
  userId: string;
  sessionId: string;
  secondFactorAt: Date | null;
  factor: FactorRef;
}): Promise<RemoveFactorOutcome> {
  if (!isFresh(input.secondFactorAt, SENSITIVE_STEP_UP_SECONDS)) return { kind: "step-up" };
  return db
    .$transaction(async (tx) => {
      // The user row is locked so two removals at once cannot both see "one more factor left".
      const [user] = await tx.$queryRaw<
        { role: string }[]
      >`SELECT role::text AS role FROM users WHERE id = ${input.userId}::uuid FOR UPDATE`;
      if (!user) return { kind: "not-found" } as const;
      const [passkeys, totp] = await Promise.all([
        tx.passkey.count({ where: { userId: input.userId } }),
        tx.totpFactor.count({ where: { userId: input.userId, confirmedAt: { not: null } } }),
      ]);
      const removed =
        input.factor.kind === "passkey"
          ? (await tx.passkey.deleteMany({ where: { id: input.factor.id, userId: input.userId } })).count
          : (await tx.totpFactor.deleteMany({ where: { userId: input.userId, confirmedAt: { not: null } } })).count;
      if (removed === 0) return { kind: "not-found" } as const;
      const factorsLeft = passkeys + totp - removed;
      if (factorsLeft === 0 && user.role === "admin") throw new LastAdminFactor();
      if (factorsLeft === 0) {
        await tx.user.update({ where: { id: input.userId }, data: { mfaEnabled: false } });
        await tx.recoveryCode.deleteMany({ where: { userId: input.userId } });
      }
      const endedSessions = await endAllSessions(input.userId, "mfa-change", { except: input.sessionId, tx });
      return { kind: "removed", factorsLeft, endedSessions } as const;
    })
    .catch((error: unknown) => {
      // Thrown to roll the deletion back; reported as an outcome.
      if (error instanceof LastAdminFactor) return { kind: "last-admin-factor" } as const;
      throw error;
    });
}

class LastAdminFactor extends Error {}
