import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { homeFor, safeCallbackPath } from "@/lib/auth/callback-url";

export const metadata = { title: "Signing in" };

/**
 * After a successful sign-in: the server, which knows the role, picks where to
 * go. A requested path is followed only when it stays on this site after
 * normalisation; otherwise admins land on /admin and customers on /connect.
 */
export default async function ContinueAfterSignIn({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const { callbackUrl } = await searchParams;
  redirect(safeCallbackPath(callbackUrl, homeFor(user.role)));
}
