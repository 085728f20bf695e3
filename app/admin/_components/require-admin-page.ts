import "server-only";
import { redirect } from "next/navigation";
import { adminNeeds, getCurrentSession, type SessionUser } from "@/lib/auth/session";

/**
 * For admin pages: anonymous visitors go to sign in, customers to /forbidden,
 * admins without a second factor to enrol one, and admins whose session has
 * not proven it (or not for 12 hours) to prove it.
 * Layouts and pages render concurrently, so each page calls this first itself
 * (and each read still calls requireAdmin()).
 */
export async function requireAdminPage(callbackUrl = "/admin"): Promise<SessionUser> {
  const current = await getCurrentSession();
  if (!current) redirect(`/signin?${new URLSearchParams({ callbackUrl })}`);
  if (current.secondFactor === "pending") redirect(`/signin/mfa?${new URLSearchParams({ callbackUrl })}`);
  if (current.user.role !== "admin") redirect("/forbidden");
  const needs = adminNeeds(current);
  if (needs === "enrol") redirect(`/account/mfa?${new URLSearchParams({ required: "admin" })}`);
  if (needs === "prove") redirect(`/signin/mfa?${new URLSearchParams({ callbackUrl })}`);
  return current.user;
}
