"use server";

import { isForm, NOT_A_FORM } from "@/lib/validations/form-data";
import { headers } from "next/headers";
import { after } from "next/server";
import { clientIp } from "@/lib/http/client-ip";
import { BusyError } from "@/lib/limits/gate";
import { reserve } from "@/lib/limits/limiter";
import { waitFor } from "@/lib/limits/messages";
import { registerAccount } from "@/lib/auth/sign-up";
import { signUpSchema } from "@/lib/auth/schemas";
import { log } from "@/lib/log";

export interface SignUpState {
  ok: boolean;
  message?: string;
  fieldErrors?: { email?: string; password?: string };
  email?: string;
  /** What the user typed (never the password), to put back in the form after a refusal. */
  values?: { email: string };
}

export async function signUp(_prev: SignUpState, formData: FormData): Promise<SignUpState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const typed = formData.get("email");
  const values = { email: typeof typed === "string" ? typed.slice(0, 254) : "" };
  const parsed = signUpSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) {
    const errors = parsed.error.flatten().fieldErrors;
    return { ok: false, values, fieldErrors: { email: errors.email?.[0], password: errors.password?.[0] } };
  }
  const { email, password } = parsed.data;
  // Counted before argon2 runs; per network and overall.
  const reservation = await reserve([
    ["signup:global", "all"],
    ["signup:ip", clientIp(await headers())],
  ]);
  if (reservation.kind === "limited") {
    return {
      ok: false,
      values,
      message: `Too many accounts created from here recently. Wait ${waitFor(reservation.retryAfterSeconds)} and try again.`,
    };
  }
  try {
    // New or existing email: the same answer either way (no account enumeration); only the mail differs.
    const { deliver } = await registerAccount(email, password);
    after(() => deliver().catch((error: unknown) => log.error("sign-up mail failed", { error })));
    return { ok: true, email };
  } catch (error) {
    if (error instanceof BusyError) return { ok: false, values, message: error.message };
    log.error("sign-up failed", { error });
    return { ok: false, values, message: "We could not create your account right now. Please try again." };
  }
}
