/**
 * Email verification. What an unverified customer may do: sign in, look around,
 * manage their security settings; not create launch links (each one grants an
 * AWS account publish access to our topic, so it must belong to a reachable
 * person). Admins count as verified: the first one comes from ADMIN_EMAIL.
 */
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { consumeEmailToken, hashToken } from "./email-tokens";

export const UNVERIFIED_MESSAGE =
  "Confirm your email address before creating launch links: open the link we emailed you, or send a new one.";

export async function isEmailVerified(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true, emailVerifiedAt: true } });
  return Boolean(user && (user.role === "admin" || user.emailVerifiedAt));
}

/** Throws a 403 AppError for an unverified customer; actions show its message. */
export async function requireVerifiedEmail(userId: string): Promise<void> {
  if (!(await isEmailVerified(userId))) throw new AppError("forbidden", UNVERIFIED_MESSAGE);
}

export async function verifyEmail(token: unknown, now = new Date()): Promise<{ kind: "verified" } | { kind: "invalid" }> {
  return db.$transaction(async (tx) => {
    const check = await consumeEmailToken(token, "verify_email", { now, tx });
    if (check.kind === "invalid") {
      // Opening the same link again (a second tab, a reload) says "confirmed", not "invalid".
      const again =
        typeof token === "string"
          ? await tx.emailToken.findUnique({
              where: { tokenHash: hashToken(token) },
              select: { purpose: true, user: { select: { emailVerifiedAt: true } } },
            })
          : null;
      return again?.purpose === "verify_email" && again.user.emailVerifiedAt ? { kind: "verified" as const } : { kind: "invalid" as const };
    }
    // Keeps the first verification time if the owner opens an older link's successor again.
    await tx.user.updateMany({ where: { id: check.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    return { kind: "verified" as const };
  });
}
