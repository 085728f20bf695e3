"use server";

import { isForm, NOT_A_FORM } from "@/lib/validations/form-data";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentSession } from "@/lib/auth/session";
import { homeFor, safeCallbackPath } from "@/lib/auth/callback-url";
import { proveSecondFactor } from "@/lib/auth/mfa/second-factor";
import { log } from "@/lib/log";

export interface ProveState {
  ok: boolean;
  message?: string;
}

const proveSchema = z.object({
  method: z.enum(["totp", "recovery"]),
  code: z.string().trim().min(1, "Enter the code.").max(32),
  callbackUrl: z.string().max(2048).optional(),
});

export async function proveFactor(_prev: ProveState, formData: FormData): Promise<ProveState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const current = await getCurrentSession();
  if (!current) return { ok: false, message: "Your session has ended. Sign in again to continue." };
  const parsed = proveSchema.safeParse({
    method: formData.get("method"),
    code: formData.get("code"),
    callbackUrl: formData.get("callbackUrl") ?? undefined,
  });
  if (!parsed.success) return { ok: false, message: "Enter the code." };
  const outcome = await proveSecondFactor({
    userId: current.user.id,
    sessionId: current.sessionId,
    method: parsed.data.method,
    code: parsed.data.code,
  });
  if (outcome.kind === "limited") return { ok: false, message: outcome.message };
  if (outcome.kind === "wrong-code") {
    log.warn("second factor refused", { userId: current.user.id, method: parsed.data.method });
    return {
      ok: false,
      message:
        parsed.data.method === "totp"
          ? "That code is not valid. Enter the current code from your app."
          : "That recovery code is not valid or has been used.",
    };
  }
  // The header (root layout) was rendered for a half-signed-in session: render it again.
  revalidatePath("/", "layout");
  redirect(safeCallbackPath(parsed.data.callbackUrl, homeFor(current.user.role)));
}
