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

export async function getSessionUser(): Promise<SessionUser | null> {
  return (await getCurrentSession())?.user ?? null;
}

/** For pages: sends anonymous visitors to sign in. */
export async function requireUser(callbackUrl = "/connect"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/signin?${new URLSearchParams({ callbackUrl })}`);
  return user;
}

export class NotAuthorizedError extends Error {
  constructor() {
    super("You are not allowed to do that.");
  }
}

/** For admin pages and actions: refuses (throws) anyone but an admin. */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user || user.role !== "admin") throw new NotAuthorizedError();
  return user;
}
