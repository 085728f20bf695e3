/**
 * Session checks for Server Components, server actions and route handlers.
 * Every admin read and action calls requireAdmin() itself: the proxy is only
 * the first gate. The cookie names a server-side session (lib/auth/sessions.ts);
 * the session and the user's role are read from the database once per request.
 */
import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./options";
import { lookupSession, type ActiveSession } from "./sessions";
import { ADMIN_STEP_UP_SECONDS, isFresh } from "./mfa/second-factor";

export interface SessionUser {
  id: string;
  email: string;
  role: "customer" | "admin";
}

/** The current request's session, or null when signed out, ended, expired or the user is gone. */
export const getCurrentSession = cache(async (): Promise<ActiveSession | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.sid) return null;
  const found = await lookupSession(session.sid);
  return found.kind === "active" ? found.session : null;
});

/** The signed-in user; null also while the session still owes its second factor. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const current = await getCurrentSession();
  return current && current.secondFactor !== "pending" ? current.user : null;
}

/** For pages: sends anonymous visitors to sign in, and half-signed-in ones to their second factor. */
export async function requireUser(callbackUrl = "/connect"): Promise<SessionUser> {
  const current = await getCurrentSession();
  if (current?.secondFactor === "pending") redirect(`/signin/mfa?${new URLSearchParams({ callbackUrl })}`);
  if (!current) redirect(`/signin?${new URLSearchParams({ callbackUrl })}`);
  return current.user;
}

/**
 * What an admin session still needs before the admin area: enrolling a second
 * factor, proving it (sign-in, or again after 12 hours), or nothing.
 */
export function adminNeeds(current: ActiveSession): "enrol" | "prove" | null {
  if (current.secondFactor === "none") return "enrol";
  if (current.secondFactor === "pending" || !isFresh(current.secondFactorAt, ADMIN_STEP_UP_SECONDS)) return "prove";
  return null;
}

export class NotAuthorizedError extends Error {
  constructor() {
    super("You are not allowed to do that.");
  }
}

/** For admin reads and actions: refuses (throws) anyone but an admin whose session proved a second factor. */
export async function requireAdmin(): Promise<SessionUser> {
  const current = await getCurrentSession();
  if (!current || current.user.role !== "admin" || adminNeeds(current) !== null) throw new NotAuthorizedError();
  return current.user;
}
