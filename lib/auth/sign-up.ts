/**
 * Creating an account without revealing which emails already have one: both
 * cases hash the password and answer the same; only the mail differs (a
 * verification link for a new account, a "someone tried" note to an existing
 * owner). The mail goes out after the answer (see `deliver`), so its time
 * does not show either.
 */
import { db } from "@/lib/db";
import { sendSignUpAttemptMail, sendVerificationMail } from "./account-mail";
import { hashPassword } from "./password";

export interface SignUpResult {
  /** Runs after the response: sends the mail this sign-up calls for. */
  deliver: () => Promise<void>;
}

export async function registerAccount(email: string, password: string): Promise<SignUpResult> {
  const passwordHash = await hashPassword(password);
  const [created] = await db.user.createManyAndReturn({
    data: [{ email, passwordHash }],
    skipDuplicates: true,
    select: { id: true, email: true },
  });
  if (created) return { deliver: async () => void (await sendVerificationMail(created)) };
  return { deliver: async () => void (await sendSignUpAttemptMail(email)) };
}
