import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/auth/session";
import { homeFor, safeCallbackPath } from "@/lib/auth/callback-url";

export const metadata = { title: "Signing in" };

/**
 * After a successful password: the server, which knows the role and the second
 * factor, picks where to go. A session that owes its second factor goes to
 * prove it; an admin without one goes to enrol. A requested path is followed
 * only when it stays on this site after normalisation; otherwise admins land on
 * /admin and customers on /connect.
 */
export default async function ContinueAfterSignIn({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const current = await getCurrentSession();
  if (!current) redirect("/signin");
  const { callbackUrl } = await searchParams;
  const next = safeCallbackPath(callbackUrl, homeFor(current.user.role));
  if (current.secondFactor === "pending") redirect(`/signin/mfa?${new URLSearchParams({ callbackUrl: next })}`);
  if (current.user.role === "admin" && current.secondFactor === "none")
    redirect(`/account/mfa?${new URLSearchParams({ required: "admin" })}`);
  redirect(next);
}
