"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { getCurrentSession } from "@/lib/auth/session";
import { beginPasskeyRegistration, finishPasskeyRegistration } from "@/lib/auth/mfa/passkeys";
import { removeFactor } from "@/lib/auth/mfa/factors";
import { isFresh, SENSITIVE_STEP_UP_SECONDS } from "@/lib/auth/mfa/second-factor";
import { isForm, NOT_A_FORM } from "@/lib/validations/form-data";
import { log } from "@/lib/log";

export interface PasskeyState {
  ok: boolean;
  message?: string;
  /** The second factor must be proven again first. */
  stepUp?: boolean;
  options?: PublicKeyCredentialCreationOptionsJSON;
  recoveryCodes?: string[];
}

const SIGNED_OUT: PasskeyState = { ok: false, message: "Your session has ended. Sign in again to continue." };
const STEP_UP: PasskeyState = { ok: false, stepUp: true, message: "Confirm it's you with your second factor first, then try again." };

async function verifiedSession() {
  const current = await getCurrentSession();
  return current && current.secondFactor !== "pending" ? current : null;
}

/** Step 1 of adding a passkey: options (with a fresh challenge) for the browser. */
export async function passkeyRegistrationOptions(): Promise<PasskeyState> {
  const current = await verifiedSession();
  if (!current) return SIGNED_OUT;
  // Adding a factor to an account that has one is an MFA change: it needs a fresh proof.
  if (current.secondFactor === "verified" && !isFresh(current.secondFactorAt, SENSITIVE_STEP_UP_SECONDS)) return STEP_UP;
  const outcome = await beginPasskeyRegistration({ userId: current.user.id, sessionId: current.sessionId, email: current.user.email });
  if (outcome.kind === "too-many") return { ok: false, message: "You already have 10 passkeys. Remove one first." };
  if (outcome.kind === "no-session") return SIGNED_OUT;
  return { ok: true, options: outcome.options };
}

const addSchema = z.object({ name: z.unknown(), response: z.unknown() });

/** Step 2: the browser's answer, verified and stored under the name the user gave. */
export async function addPasskey(input: unknown): Promise<PasskeyState> {
  const parsed = addSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: NOT_A_FORM };
  const current = await verifiedSession();
  if (!current) return SIGNED_OUT;
  const outcome = await finishPasskeyRegistration({
    userId: current.user.id,
    sessionId: current.sessionId,
    name: parsed.data.name,
    response: parsed.data.response,
  });
  if (outcome.kind === "invalid-name") return { ok: false, message: outcome.message };
  if (outcome.kind === "refused") {
    return {
      ok: false,
      message:
        outcome.reason === "already-registered" ? "That passkey is already registered." : "The passkey could not be verified. Try again.",
    };
  }
  log.info("second factor enrolled", { userId: current.user.id, method: "passkey" });
  revalidatePath("/account/mfa");
  return {
    ok: true,
    message: "Passkey added. Your other sessions have been signed out.",
    ...(outcome.recoveryCodes ? { recoveryCodes: outcome.recoveryCodes } : {}),
  };
}

const removeSchema = z.object({ factor: z.union([z.literal("totp"), z.string().regex(/^passkey:[A-Za-z0-9_-]{1,1024}$/)]) });

export async function removeSecondFactor(_prev: PasskeyState, formData: FormData): Promise<PasskeyState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const parsed = removeSchema.safeParse({ factor: formData.get("factor") });
  if (!parsed.success) return { ok: false, message: "That factor was not found." };
  const current = await verifiedSession();
  if (!current) return SIGNED_OUT;
  const factor =
    parsed.data.factor === "totp"
      ? ({ kind: "totp" } as const)
      : ({ kind: "passkey", id: parsed.data.factor.slice("passkey:".length) } as const);
  const outcome = await removeFactor({
    userId: current.user.id,
    sessionId: current.sessionId,
    secondFactorAt: current.secondFactorAt,
    factor,
  });
  if (outcome.kind === "step-up") return STEP_UP;
  if (outcome.kind === "not-found") return { ok: false, message: "That factor was not found." };
  if (outcome.kind === "last-admin-factor")
    return { ok: false, message: "Administrators must keep at least one second factor. Add another one first." };
  log.info("second factor removed", { userId: current.user.id, method: factor.kind });
  revalidatePath("/account/mfa");
  return { ok: true, message: "Removed. Your other sessions have been signed out." };
}
