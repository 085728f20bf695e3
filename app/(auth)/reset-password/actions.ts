"use server";

import { cookies } from "next/headers";
import { isForm, NOT_A_FORM } from "@/lib/validations/form-data";
import { deviceCookieName, deviceCookieOptions } from "@/lib/auth/device-cookie";
import { resetPassword } from "@/lib/auth/password-reset";
import { BusyError } from "@/lib/limits/gate";
import { log } from "@/lib/log";

export interface ResetState {
  ok: boolean;
  message?: string;
  fieldErrors?: { password?: string };
  /** The link is used, expired or unknown: the page offers a new one. */
  invalidLink?: boolean;
  email?: string;
}

export async function completeReset(_prev: ResetState, formData: FormData): Promise<ResetState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  try {
    const outcome = await resetPassword(formData.get("token"), formData.get("password"));
    if (outcome.kind === "invalid-link") return { ok: false, invalidLink: true };
    if (outcome.kind === "weak-password") return { ok: false, fieldErrors: { password: outcome.message } };
    log.info("password reset", { endedSessions: outcome.endedSessions });
    // The browser that proved the mailbox becomes a known device: if someone keeps guessing at this email
    // to lock it again, this browser still signs in (lib/auth/device-cookie.ts).
    (await cookies()).set(deviceCookieName(), outcome.deviceToken, deviceCookieOptions());
    return { ok: true, email: outcome.email };
  } catch (error) {
    if (error instanceof BusyError) return { ok: false, message: error.message };
    log.error("password reset failed", { error });
    return { ok: false, message: "We could not change your password right now. Please try again." };
  }
}
