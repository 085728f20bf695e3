/** The signed-in user's own second factors, for /account/mfa and the second-factor prompt. */
import "server-only";
import { getCurrentSession, requireUser } from "@/lib/auth/session";
import { hasConfirmedTotp } from "@/lib/auth/mfa/totp";
import { remainingRecoveryCodes } from "@/lib/auth/mfa/recovery-codes";
import { hasPasskeys, listPasskeys, type PasskeyListItem } from "@/lib/auth/mfa/passkeys";

export async function getMyMfaStatus(): Promise<{ totp: boolean; passkeys: PasskeyListItem[]; recoveryCodesLeft: number }> {
  const user = await requireUser("/account/mfa");
  const [totp, passkeys, recoveryCodesLeft] = await Promise.all([
    hasConfirmedTotp(user.id),
    listPasskeys(user.id),
    remainingRecoveryCodes(user.id),
  ]);
  return { totp, passkeys, recoveryCodesLeft };
}

/** Which factors the prompt offers; readable while the session still owes its second factor. */
export async function getSecondFactorChoices(): Promise<{ totp: boolean; passkey: boolean } | null> {
  const current = await getCurrentSession();
  if (!current) return null;
  const [totp, passkey] = await Promise.all([hasConfirmedTotp(current.user.id), hasPasskeys(current.user.id)]);
  return { totp, passkey };
}
