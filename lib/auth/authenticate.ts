/** Checks an email + password: throttled, constant-ish time, no account enumeration. */
import { db } from "@/lib/db";
import { signInSchema } from "./schemas";
import { dummyPasswordHash, verifyPassword } from "./password";
import { clearFailures, lockedMessage, recordFailure, secondsLocked } from "./throttle";

export interface AuthenticatedUser {
  id: string;
  email: string;
  role: "customer" | "admin";
}

export class SignInError extends Error {}

export const INVALID_CREDENTIALS = "That email and password do not match an account.";

export async function authenticate(input: unknown): Promise<AuthenticatedUser> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw new SignInError(INVALID_CREDENTIALS);
  const { email, password } = parsed.data;

  const wait = await secondsLocked(email);
  if (wait > 0) throw new SignInError(lockedMessage(wait));

  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, role: true, passwordHash: true } });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !ok) {
    await recordFailure(email);
    const nowLocked = await secondsLocked(email);
    throw new SignInError(nowLocked > 0 ? lockedMessage(nowLocked) : INVALID_CREDENTIALS);
  }
  await clearFailures(email);
  return { id: user.id, email: user.email, role: user.role };
}
