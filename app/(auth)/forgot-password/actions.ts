"use server";

import { headers } from "next/headers";
import { after } from "next/server";
import { z } from "zod";
import { isForm, NOT_A_FORM } from "@/lib/validations/form-data";
import { clientIp } from "@/lib/http/client-ip";
import { reserve } from "@/lib/limits/limiter";
import { waitFor } from "@/lib/limits/messages";
import { emailSchema } from "@/lib/auth/schemas";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { log } from "@/lib/log";

export interface ForgotState {
  ok: boolean;
  message?: string;
  fieldErrors?: { email?: string };
  values?: { email: string };
  email?: string;
}

export async function requestReset(_prev: ForgotState, formData: FormData): Promise<ForgotState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const typed = formData.get("email");
  const values = { email: typeof typed === "string" ? typed.slice(0, 254) : "" };
  const parsed = z.object({ email: emailSchema }).safeParse({ email: typed });
  if (!parsed.success) return { ok: false, values, fieldErrors: { email: z.flattenError(parsed.error).fieldErrors.email?.[0] } };
  const { email } = parsed.data;
  // Counted for every email, existing or not, so the limit says nothing about which exist.
  const reservation = await reserve([
    ["reset:global", "all"],
    ["reset:ip", clientIp(await headers())],
    ["reset:email", email],
  ]);
  if (reservation.kind === "limited") {
    return { ok: false, values, message: `Too many reset requests. Wait ${waitFor(reservation.retryAfterSeconds)} and try again.` };
  }
  const { deliver } = await requestPasswordReset(email);
  after(() => deliver().catch((error: unknown) => log.error("reset mail failed", { error })));
  return { ok: true, email };
}
