/**
 * The account mails (verification, "someone tried to sign up", reset), each
 * counted against the per-address mail limit first: a refusal there drops the
 * mail silently, so forms answer the same whatever happened.
 */
import { getEnv } from "@/lib/env";
import { reserve } from "@/lib/limits/limiter";
import { sendMail } from "@/lib/mail/send";
import { resetPasswordMail, signUpAttemptMail, verifyEmailMail } from "@/lib/mail/templates";
import { issueEmailToken, TOKEN_LIFETIME_SECONDS } from "./email-tokens";

/** Tokens travel in the fragment: browsers never send it to a server (no access logs, no Referer). */
function tokenLink(path: string, token: string): string {
  const url = new URL(path, getEnv().APP_URL);
  url.hash = new URLSearchParams({ token }).toString();
  return url.toString();
}

async function mailAllowed(email: string): Promise<boolean> {
  return (await reserve([["mail:email", email]])).kind === "allowed";
}

export async function sendVerificationMail(user: { id: string; email: string }): Promise<boolean> {
  if (!(await mailAllowed(user.email))) return false;
  const token = await issueEmailToken(user.id, "verify_email");
  return sendMail(
    user.email,
    "verify-email",
    verifyEmailMail(tokenLink("/verify-email", token), TOKEN_LIFETIME_SECONDS.verify_email / 3600),
  );
}

export async function sendSignUpAttemptMail(email: string): Promise<boolean> {
  if (!(await mailAllowed(email))) return false;
  const appUrl = getEnv().APP_URL;
  const signIn = new URL("/signin", appUrl);
  signIn.searchParams.set("email", email);
  return sendMail(email, "sign-up-attempt", signUpAttemptMail(signIn.toString(), new URL("/forgot-password", appUrl).toString()));
}

export async function sendResetMail(user: { id: string; email: string }): Promise<boolean> {
  if (!(await mailAllowed(user.email))) return false;
  const token = await issueEmailToken(user.id, "reset_password");
  return sendMail(
    user.email,
    "reset-password",
    resetPasswordMail(tokenLink("/reset-password", token), TOKEN_LIFETIME_SECONDS.reset_password / 60),
  );
}
