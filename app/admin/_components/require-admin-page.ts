import "server-only";
import { redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";

/**
 * For admin pages: anonymous visitors go to sign in, customers to /forbidden.
 * Layouts and pages render concurrently, so each page calls this first itself
 * (and each read still calls requireAdmin()).
 */
export async function requireAdminPage(callbackUrl = "/admin"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/signin?${new URLSearchParams({ callbackUrl })}`);
  if (user.role !== "admin") redirect("/forbidden");
  return user;
}
