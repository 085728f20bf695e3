/** A signed-in user changes their password: every other session ends in the same transaction. */
import { z } from "zod";
import { db } from "@/lib/db";
import { hashPassword, verifyPassword } from "./password";
import { newPasswordSchema } from "./schemas";
import { endAllSessions } from "./sessions";

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(200),
  newPassword: newPasswordSchema,
});

export type ChangePasswordOutcome =
  | { kind: "changed"; endedSessions: number }
  | { kind: "invalid"; fieldErrors: { currentPassword?: string; newPassword?: string } }
  | { kind: "wrong-password" }
  | { kind: "no-user" };

export async function changePassword(userId: string, currentSessionId: string, input: unknown): Promise<ChangePasswordOutcome> {
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors;
    return { kind: "invalid", fieldErrors: { currentPassword: errors.currentPassword?.[0], newPassword: errors.newPassword?.[0] } };
  }
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) return { kind: "no-user" };
  if (!(await verifyPassword(user.passwordHash, parsed.data.currentPassword))) return { kind: "wrong-password" };
  const passwordHash = await hashPassword(parsed.data.newPassword);
  const endedSessions = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    return endAllSessions(userId, "password-change", { except: currentSessionId, tx });
  });
  return { kind: "changed", endedSessions };
}
