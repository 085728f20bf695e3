/**
 * Password reset by emailed link. Asking never reveals whether the email has an
 * account. Completing it sets the new password, ends every session, counts the
 * email as verified (the link proved it) and clears the email's sign-in
 * limiter, so an owner locked out by someone else's guesses gets back in.
 * It does not touch the second factor: sign-in still asks for it.
 */
import { z } from "zod";
import { db } from "@/lib/db";
import { forget } from "@/lib/limits/limiter";
import { sendResetMail } from "./account-mail";
import { consumeEmailToken, hashToken } from "./email-tokens";
import { hashPassword } from "./password";
import { newPasswordSchema } from "./schemas";
import { passwordWeakness } from "./password-strength";
import { endAllSessions } from "./sessions";
import { issueDeviceToken } from "./device-cookie";

/** Looks the email up; the mail (if any) goes out after the answer, like sign-up's. */
export async function requestPasswordReset(email: string): Promise<{ deliver: () => Promise<void> }> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true } });
  return { deliver: async () => void (user && (await sendResetMail(user))) };
}

export type ResetOutcome =
  | { kind: "reset"; email: string; endedSessions: number; deviceToken: string }
  | { kind: "invalid-link" }
  | { kind: "weak-password"; message: string };

export async function resetPassword(token: unknown, newPassword: unknown, now = new Date()): Promise<ResetOutcome> {
  if (typeof token !== "string") return { kind: "invalid-link" };
  // Checked before anything is used up: a refused password keeps the link working.
  const owner = await db.emailToken.findFirst({
    where: { tokenHash: hashToken(token), purpose: "reset_password", usedAt: null, expiresAt: { gt: now } },
    select: { user: { select: { email: true } } },
  });
  if (!owner) return { kind: "invalid-link" };
  const parsed = newPasswordSchema.safeParse(newPassword);
  if (!parsed.success) return { kind: "weak-password", message: z.flattenError(parsed.error).formErrors[0] ?? "Choose another password." };
  const email = owner.user.email;
  const weakness = passwordWeakness(parsed.data, [email, ...email.split(/[@.+_-]/)]);
  if (weakness) return { kind: "weak-password", message: weakness };

  const passwordHash = await hashPassword(parsed.data);
  const outcome = await db.$transaction(async (tx) => {
    const check = await consumeEmailToken(token, "reset_password", { now, tx });
    if (check.kind === "invalid") return null;
    const user = await tx.user.update({
      where: { id: check.userId },
      data: { passwordHash },
      select: { email: true, emailVerifiedAt: true },
    });
    if (!user.emailVerifiedAt) await tx.user.update({ where: { id: check.userId }, data: { emailVerifiedAt: now } });
    const endedSessions = await endAllSessions(check.userId, "password-change", { now, tx });
    return { email: user.email, endedSessions };
  });
  if (!outcome) return { kind: "invalid-link" };
  await forget("signin:email", outcome.email);
  // The browser that proved the mailbox becomes a known device under the new password.
  return { kind: "reset", ...outcome, deviceToken: issueDeviceToken(outcome.email, passwordHash) };
}
