"use server";

import { isForm, NOT_A_FORM } from "@/lib/validations/form-data";
import { z } from "zod";
import { getCurrentSession } from "@/lib/auth/session";
import { beginTotpEnrolment } from "@/lib/auth/mfa/totp";
import { confirmTotpEnrolment, isFresh, regenerateRecoveryCodes, SENSITIVE_STEP_UP_SECONDS } from "@/lib/auth/mfa/second-factor";
import { log } from "@/lib/log";

export interface EnrolState {
  ok: boolean;
  message?: string;
  /** Shown while enrolling: the QR code (SVG we generated) and the same secret as text. */
  setup?: { qrSvg: string; secret: string };
  /** Shown once, right after enrolment or regeneration. */
  recoveryCodes?: string[];
}

const SIGNED_OUT: EnrolState = { ok: false, message: "Your session has ended. Sign in again to continue." };
const codeSchema = z.object({ code: z.string().trim().min(1, "Enter the code.").max(16) });

export async function startTotp(_prev: EnrolState, _formData: FormData): Promise<EnrolState> {
  if (!isForm(_formData)) return { ok: false, message: NOT_A_FORM };
  const current = await getCurrentSession();
  if (!current || current.secondFactor === "pending") return SIGNED_OUT;
  const outcome = await beginTotpEnrolment(current.user.id, current.user.email);
  if (outcome.kind === "already-enrolled") return { ok: false, message: "An authenticator app is already set up." };
  return { ok: false, setup: { qrSvg: outcome.qrSvg, secret: outcome.secret } };
}

export async function confirmTotp(prev: EnrolState, formData: FormData): Promise<EnrolState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const current = await getCurrentSession();
  if (!current || current.secondFactor === "pending") return SIGNED_OUT;
  const parsed = codeSchema.safeParse({ code: formData.get("code") });
  if (!parsed.success) return { ...prev, ok: false, message: "Enter the 6-digit code from your app." };
  const outcome = await confirmTotpEnrolment({ userId: current.user.id, sessionId: current.sessionId, code: parsed.data.code });
  if (outcome.kind === "wrong-code")
    return { ...prev, ok: false, message: "That code is not valid. Enter the current code from your app." };
  log.info("second factor enrolled", { userId: current.user.id, method: "totp" });
  // No revalidatePath: re-rendering the page now would replace the recovery codes, shown only here, only once.
  return { ok: true, message: "Two-step sign-in is on. Your other sessions have been signed out.", recoveryCodes: outcome.recoveryCodes };
}

export async function newRecoveryCodes(_prev: EnrolState, _formData: FormData): Promise<EnrolState> {
  if (!isForm(_formData)) return { ok: false, message: NOT_A_FORM };
  const current = await getCurrentSession();
  if (!current || current.secondFactor !== "verified") return SIGNED_OUT;
  if (!isFresh(current.secondFactorAt, SENSITIVE_STEP_UP_SECONDS)) {
    return { ok: false, message: "Confirm it's you first: sign in again with your second factor, then create new codes." };
  }
  const recoveryCodes = await regenerateRecoveryCodes(current.user.id);
  log.info("recovery codes regenerated", { userId: current.user.id });
  return { ok: true, message: "New recovery codes. The old ones no longer work.", recoveryCodes };
}
