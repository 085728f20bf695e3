"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { getCurrentSession } from "@/lib/auth/session";
import { homeFor, safeCallbackPath } from "@/lib/auth/callback-url";
import { beginPasskeyAuthentication, provePasskey } from "@/lib/auth/mfa/passkeys";
import { NOT_A_FORM } from "@/lib/validations/form-data";
import { log } from "@/lib/log";

export interface PasskeyProveState {
  ok: boolean;
  message?: string;
  options?: PublicKeyCredentialRequestOptionsJSON;
  /** Where to go once proven (same-origin path only). */
  next?: string;
}

const SIGNED_OUT: PasskeyProveState = { ok: false, message: "Your session has ended. Sign in again to continue." };

/** Options (a fresh challenge for this session) for the browser's passkey prompt. */
export async function passkeySignInOptions(): Promise<PasskeyProveState> {
  const current = await getCurrentSession();
  if (!current) return SIGNED_OUT;
  const outcome = await beginPasskeyAuthentication({ userId: current.user.id, sessionId: current.sessionId });
  if (outcome.kind === "no-passkeys")
    return { ok: false, message: "This account has no passkey. Use your authenticator app or a recovery code." };
  if (outcome.kind === "no-session") return SIGNED_OUT;
  return { ok: true, options: outcome.options };
}

const proveSchema = z.object({ response: z.unknown(), callbackUrl: z.string().max(2048).optional() });

export async function provePasskeyFactor(input: unknown): Promise<PasskeyProveState> {
  const parsed = proveSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: NOT_A_FORM };
  const current = await getCurrentSession();
  if (!current) return SIGNED_OUT;
  const outcome = await provePasskey({ userId: current.user.id, sessionId: current.sessionId, response: parsed.data.response });
  if (outcome.kind === "limited") return { ok: false, message: outcome.message };
  if (outcome.kind === "wrong-code") {
    log.warn("second factor refused", { userId: current.user.id, method: "passkey" });
    return { ok: false, message: "That passkey could not be verified. Try again, or use another factor." };
  }
  revalidatePath("/", "layout");
  return { ok: true, next: safeCallbackPath(parsed.data.callbackUrl, homeFor(current.user.role)) };
}
