/**
 * Session checks for Server Components, server actions and route handlers.
 * Every admin read and action calls requireAdmin() itself: the proxy is only
 * the first gate.
 */
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./options";

export interface SessionUser {
  id: string;
  email: string;
  role: "customer" | "admin";
}

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, role: user.role };
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
