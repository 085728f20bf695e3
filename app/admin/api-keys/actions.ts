"use server";

import { isForm, NOT_A_FORM } from "@/lib/validations/form-data";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminForAction, firstFieldErrors } from "@/lib/auth/admin-for-action";
import { createApiKey, createApiKeySchema, revokeApiKey } from "@/lib/api/keys";
import { log } from "@/lib/log";

export interface CreateKeyState {
  ok: boolean;
  message?: string;
  fieldErrors?: Partial<Record<"name" | "scopes" | "expiresInDays", string>>;
  /** The key itself, shown once in the response to this action and never again. */
  created?: { key: string; prefix: string; name: string };
}

export async function createKey(_prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const user = await adminForAction(formData);
  if (!user) return { ok: false, message: "Only rolelink administrators can create API keys." };
  const expires = formData.get("expiresInDays");
  const parsed = createApiKeySchema.safeParse({
    name: formData.get("name"),
    scopes: formData.getAll("scopes"),
    expiresInDays: typeof expires === "string" && expires.trim() !== "" ? expires : undefined,
  });
  if (!parsed.success) {
    const fieldErrors = firstFieldErrors(parsed.error.issues, ["name", "scopes", "expiresInDays"]);
    if (fieldErrors.expiresInDays) fieldErrors.expiresInDays = "Enter a whole number of days from 1 to 3650, or leave it empty.";
    return { ok: false, message: "Check the highlighted fields.", fieldErrors };
  }
  try {
    const outcome = await createApiKey(parsed.data, { id: user.id, email: user.email });
    if (outcome.kind === "step_up_required") return { ok: false, message: outcome.message };
    revalidatePath("/admin/api-keys");
    return { ok: true, created: { key: outcome.key, prefix: outcome.prefix, name: parsed.data.name } };
  } catch (error) {
    log.error("creating an API key failed", { error });
    return { ok: false, message: "The key could not be created. Please try again." };
  }
}

export interface RevokeKeyState {
  ok: boolean;
  message?: string;
}

export async function revokeKey(_prev: RevokeKeyState, formData: FormData): Promise<RevokeKeyState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const user = await adminForAction(formData);
  if (!user) return { ok: false, message: "Only rolelink administrators can revoke API keys." };
  const parsed = z.object({ keyId: z.uuid() }).safeParse({ keyId: formData.get("keyId") });
  if (!parsed.success) return { ok: false, message: "That key was not found." };
  const outcome = await revokeApiKey(parsed.data.keyId, { id: user.id, email: user.email });
  revalidatePath("/admin/api-keys");
  if (outcome.kind === "not_found") return { ok: false, message: "That key was not found." };
  return { ok: true, message: outcome.kind === "revoked" ? "Key revoked: requests with it now get 401." : "That key was already revoked." };
}
