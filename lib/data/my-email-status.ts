/** Whether the signed-in user has confirmed their email (the /connect banner). */
import "server-only";
import { requireUser } from "@/lib/auth/session";
import { isEmailVerified } from "@/lib/auth/email-verification";

export async function getMyEmailStatus(): Promise<{ email: string; verified: boolean }> {
  const user = await requireUser("/connect");
  return { email: user.email, verified: await isEmailVerified(user.id) };
}
