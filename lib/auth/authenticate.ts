/**
 * Checks an email + password: limited, constant-ish time, no account enumeration.
 * The attempt is counted (atomically, in PostgreSQL) before argon2 runs, so a
 * burst of parallel guesses gets exactly the limit and no more.
 */
import { db } from "@/lib/db";
import { BusyError } from "@/lib/limits/gate";
import { forget, refund, reserve, type LimitCheck } from "@/lib/limits/limiter";
import { waitFor } from "@/lib/limits/messages";
import type { RuleName } from "@/lib/limits/rules";
import { issueDeviceToken, knownDeviceFor } from "./device-cookie";
import { signInSchema } from "./schemas";
import { dummyPasswordHash, PASSWORD_GATE_WAIT_SECONDS, passwordCheckQueueFull, verifyPassword } from "./password";

export interface AuthenticatedUser {
  id: string;
  email: string;
  role: "customer" | "admin";
  /** A fresh device token for the browser that signed in (lib/auth/device-cookie.ts). */
  deviceToken: string;
}

/** A refusal to show the user; retryAfterSeconds when waiting helps (answered as 429). */
export class SignInError extends Error {
  constructor(
    message: string,
    public readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const INVALID_CREDENTIALS = "That email and password do not match an account.";

export function limitedMessage(rule: RuleName, seconds: number): string {
  if (rule === "signin:email" || rule === "signin:device")
    return `Too many failed sign-ins for this email. Wait ${waitFor(seconds)} and try again.`;
  if (rule === "signin:ip") return `Too many sign-in attempts from your network. Wait ${waitFor(seconds)} and try again.`;
  return `Too many sign-in attempts right now. Wait ${waitFor(seconds)} and try again.`;
}

export interface SignInContext {
  ip: string;
  /** The browser's device cookie, if it sent one (lib/auth/device-cookie.ts). */
  deviceToken?: string | null;
}

export async function authenticate(input: unknown, context: SignInContext = { ip: "unknown" }): Promise<AuthenticatedUser> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw new SignInError(INVALID_CREDENTIALS);
  const { email, password } = parsed.data;

  // A full argon2 queue refuses at the door: no limit is touched (no guess is made) and no database work is spent.
  if (passwordCheckQueueFull()) throw new SignInError(new BusyError(PASSWORD_GATE_WAIT_SECONDS).message, PASSWORD_GATE_WAIT_SECONDS);

  // A browser this email signed in from before is counted on its own: guesses from anywhere else lock
  // out other browsers, never the owner's (lockout must not become a denial of service).
  // Its token is checked against the account's current password, so with one the account is read before the limits (once).
  const findAccount = () => db.user.findUnique({ where: { email }, select: { id: true, email: true, role: true, passwordHash: true } });
  const early = context.deviceToken ? await findAccount() : undefined;
  const device = early && context.deviceToken ? knownDeviceFor(context.deviceToken, email, early.passwordHash) : null;
  const account: LimitCheck = device ? ["signin:device", device] : ["signin:email", email];
  // Broadest first: a refusal by the global or network limit does not count against the email.
  const reservation = await reserve([["signin:global", "all"], ["signin:ip", context.ip], account]);
  if (reservation.kind === "limited") {
    throw new SignInError(limitedMessage(reservation.rule, reservation.retryAfterSeconds), reservation.retryAfterSeconds);
  }

  let user: { id: string; email: string; role: "customer" | "admin"; passwordHash: string } | null;
  let ok: boolean;
  try {
    user = early !== undefined ? early : await findAccount();
    ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  } catch (error) {
    if (error instanceof BusyError) {
      // No guess was made: give the email (or device) its attempt back.
      await refund(...account);
      throw new SignInError(error.message, error.retryAfterSeconds);
    }
    throw error;
  }
  if (!user || !ok) {
    const left = reservation.remaining[account[0]];
    // This guess was checked, so it is not a "retry later" (no Retry-After, a 401, not a 429): only
    // attempts refused before the password check are. The message still says the email is now locked.
    if (left && left.points === 0) throw new SignInError(limitedMessage(account[0], left.resetSeconds));
    throw new SignInError(INVALID_CREDENTIALS);
  }
  // The right password clears this email's failures; from a known browser only that device's, or each sign-in by
  // the owner would hand whoever keeps guessing at the email five fresh tries. It is not a guess against the
  // network's budget either: an office behind one address signs in all morning, and only wrong guesses use up its 50.
  await Promise.all([device ? forget("signin:device", device) : forget("signin:email", email), refund("signin:ip", context.ip)]);
  return { id: user.id, email: user.email, role: user.role, deviceToken: issueDeviceToken(user.email, user.passwordHash) };
}
