"use server";

import { isForm, NOT_A_FORM } from "@/lib/validations/form-data";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentSession } from "@/lib/auth/session";
import { changePassword } from "@/lib/auth/change-password";
import { endAllSessions, endOwnSession } from "@/lib/auth/sessions";
import { log } from "@/lib/log";

export interface SecurityState {
  ok: boolean;
  message?: string;
  fieldErrors?: { currentPassword?: string; newPassword?: string };
}

const SIGNED_OUT: SecurityState = { ok: false, message: "Your session has ended. Sign in again to continue." };
const PATH = "/account/security";

const revokeSchema = z.object({ sessionId: z.uuid() });

export async function revokeSession(_prev: SecurityState, formData: FormData): Promise<SecurityState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const current = await getCurrentSession();
  if (!current) return SIGNED_OUT;
  const parsed = revokeSchema.safeParse({ sessionId: formData.get("sessionId") });
  if (!parsed.success) return { ok: false, message: "That session was not found." };
  const outcome = await endOwnSession(current.user.id, parsed.data.sessionId);
  if (outcome.kind === "not-found") return { ok: false, message: "That session was not found or has already ended." };
  log.info("session revoked", { userId: current.user.id });
  if (parsed.data.sessionId === current.sessionId) redirect("/signin");
  revalidatePath(PATH);
  return { ok: true, message: "That session has been signed out." };
}

export async function signOutEverywhere(_prev: SecurityState, _formData: FormData): Promise<SecurityState> {
  if (!isForm(_formData)) return { ok: false, message: NOT_A_FORM };
  const current = await getCurrentSession();
  if (!current) return SIGNED_OUT;
  const count = await endAllSessions(current.user.id, "sign-out-everywhere");
  log.info("signed out everywhere", { userId: current.user.id, sessions: count });
  redirect("/signin");
}

export async function changeMyPassword(_prev: SecurityState, formData: FormData): Promise<SecurityState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const current = await getCurrentSession();
  if (!current) return SIGNED_OUT;
  try {
    const outcome = await changePassword(current.user.id, current.sessionId, {
      currentPassword: formData.get("currentPassword"),
      newPassword: formData.get("newPassword"),
    });
    switch (outcome.kind) {
      case "invalid":
        return { ok: false, fieldErrors: outcome.fieldErrors };
      case "wrong-password":
        return { ok: false, fieldErrors: { currentPassword: "That is not your current password." } };
      case "no-user":
        return SIGNED_OUT;
      case "changed":
        log.info("password changed", { userId: current.user.id, endedSessions: outcome.endedSessions });
        revalidatePath(PATH);
        return { ok: true, message: "Password changed. Every other session has been signed out." };
    }
  } catch (error) {
    log.error("password change failed", { error });
    return { ok: false, message: "We could not change your password right now. Please try again." };
  }
}
