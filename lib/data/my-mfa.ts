/** The signed-in user's own second factors, for /account/mfa. */
import "server-only";
import { requireUser } from "@/lib/auth/session";
import { hasConfirmedTotp } from "@/lib/auth/mfa/totp";
import { remainingRecoveryCodes } from "@/lib/auth/mfa/recovery-codes";

export async function getMyMfaStatus(): Promise<{ totp: boolean; recoveryCodesLeft: number }> {
  const user = await requireUser("/account/mfa");
  const [totp, recoveryCodesLeft] = await Promise.all([hasConfirmedTotp(user.id), remainingRecoveryCodes(user.id)]);
  return { totp, recoveryCodesLeft };
}
