/**
 * An admin's "sign out everywhere" for a customer (a stolen laptop, a
 * departing employee): ends every session of the connection's owner at once,
 * audited on the connection's timeline. Like other sensitive admin actions it
 * needs a second factor proven in the last few minutes.
 */
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { endAllSessions } from "./sessions";
import { isFresh, SENSITIVE_STEP_UP_SECONDS } from "./mfa/second-factor";

export type AdminSignOutOutcome =
  { kind: "signed-out"; email: string; endedSessions: number } | { kind: "step-up" } | { kind: "not-found" };

export async function signOutOwnerEverywhere(input: {
  admin: { id: string; secondFactorAt: Date | null };
  connectionId: string;
}): Promise<AdminSignOutOutcome> {
  if (!isFresh(input.admin.secondFactorAt, SENSITIVE_STEP_UP_SECONDS)) return { kind: "step-up" };
  return db.$transaction(async (tx) => {
    const connection = await tx.connection.findUnique({
      where: { id: input.connectionId },
      select: { owner: { select: { id: true, email: true } } },
    });
    if (!connection) return { kind: "not-found" } as const;
    const endedSessions = await endAllSessions(connection.owner.id, "sign-out-everywhere", { tx });
    await recordEvent(
      {
        connectionId: input.connectionId,
        kind: "user.signed_out_everywhere",
        actor: `admin:${input.admin.id}`,
        detail: { userId: connection.owner.id, endedSessions },
      },
      tx,
    );
    return { kind: "signed-out", email: connection.owner.email, endedSessions } as const;
  });
}

/** How many sessions the user can still use: shown next to the button. */
export async function countActiveSessions(userId: string, now = new Date()): Promise<number> {
  return db.session.count({ where: { userId, revokedAt: null, expiresAt: { gt: now } } });
}
