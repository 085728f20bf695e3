"use server";

import { isForm, NOT_A_FORM } from "@/lib/validations/form-data";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminForAction, firstFieldErrors } from "@/lib/auth/admin-for-action";
import { createEndpoint, deleteEndpoint, endpointInputSchema, rotateSigningSecret, setEndpointEnabled } from "@/lib/webhooks/endpoints";
import { resendDelivery } from "@/lib/webhooks/deliver";
import { log } from "@/lib/log";
import { getEnv } from "@/lib/env";
import { registerSandboxInbox } from "@/lib/webhooks/sandbox-inbox";

export interface EndpointFormState {
  ok: boolean;
  message?: string;
  fieldErrors?: Partial<Record<"url" | "description" | "eventTypes", string>>;
  /** The signing secret, shown once in the response to this action. */
  secret?: string;
}

export interface SimpleState {
  ok: boolean;
  message?: string;
  secret?: string;
}

const DENIED = "Only rolelink administrators can manage webhooks.";

export async function createWebhookEndpoint(_prev: EndpointFormState, formData: FormData): Promise<EndpointFormState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const user = await adminForAction(formData);
  if (!user) return { ok: false, message: DENIED };
  const description = formData.get("description");
  const parsed = endpointInputSchema.safeParse({
    url: formData.get("url"),
    description: typeof description === "string" && description.trim() ? description : undefined,
    eventTypes: formData.getAll("eventTypes"),
  });
  if (!parsed.success) {
    return {
      ok: false,
      message: "Check the highlighted fields.",
      fieldErrors: firstFieldErrors(parsed.error.issues, ["url", "description", "eventTypes"]),
    };
  }
  try {
    const outcome = await createEndpoint(parsed.data, { kind: "admin", id: user.id, email: user.email });
    if (outcome.kind === "invalid_url")
      return { ok: false, message: "Check the highlighted fields.", fieldErrors: { url: outcome.message } };
    revalidatePath("/admin/webhooks");
    return { ok: true, secret: outcome.secret, message: "Endpoint registered." };
  } catch (error) {
    log.error("registering a webhook endpoint failed", { error });
    return { ok: false, message: "The endpoint could not be registered. Please try again." };
  }
}

const endpointIdSchema = z.object({ endpointId: z.uuid() });

export async function toggleWebhookEndpoint(_prev: SimpleState, formData: FormData): Promise<SimpleState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const user = await adminForAction(formData);
  if (!user) return { ok: false, message: DENIED };
  const parsed = endpointIdSchema
    .extend({ enabled: z.enum(["true", "false"]) })
    .safeParse({ endpointId: formData.get("endpointId"), enabled: formData.get("enabled") });
  if (!parsed.success) return { ok: false, message: "That endpoint was not found." };
  const done = await setEndpointEnabled(parsed.data.endpointId, parsed.data.enabled === "true", {
    kind: "admin",
    id: user.id,
    email: user.email,
  });
  revalidatePath("/admin/webhooks");
  return done
    ? { ok: true, message: parsed.data.enabled === "true" ? "Endpoint enabled." : "Endpoint disabled: new events are not queued for it." }
    : { ok: false, message: "That endpoint was not found." };
}

export async function rotateWebhookSecret(_prev: SimpleState, formData: FormData): Promise<SimpleState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const user = await adminForAction(formData);
  if (!user) return { ok: false, message: DENIED };
  const parsed = endpointIdSchema.safeParse({ endpointId: formData.get("endpointId") });
  if (!parsed.success) return { ok: false, message: "That endpoint was not found." };
  const outcome = await rotateSigningSecret(parsed.data.endpointId, { kind: "admin", id: user.id, email: user.email });
  revalidatePath("/admin/webhooks");
  if (outcome.kind === "not_found") return { ok: false, message: "That endpoint was not found." };
  return { ok: true, secret: outcome.secret, message: "New secret created. The previous one keeps signing for 24 hours." };
}

export async function deleteWebhookEndpoint(_prev: SimpleState, formData: FormData): Promise<SimpleState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const user = await adminForAction(formData);
  if (!user) return { ok: false, message: DENIED };
  const parsed = endpointIdSchema.safeParse({ endpointId: formData.get("endpointId") });
  if (!parsed.success) return { ok: false, message: "That endpoint was not found." };
  const done = await deleteEndpoint(parsed.data.endpointId, { kind: "admin", id: user.id, email: user.email });
  revalidatePath("/admin/webhooks");
  return done ? { ok: true, message: "Endpoint removed." } : { ok: false, message: "That endpoint was not found." };
}

export async function resendWebhookDelivery(_prev: SimpleState, formData: FormData): Promise<SimpleState> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM };
  const user = await adminForAction(formData);
  if (!user) return { ok: false, message: DENIED };
  const parsed = z
    .object({ deliveryId: z.uuid(), endpointId: z.uuid() })
    .safeParse({ deliveryId: formData.get("deliveryId"), endpointId: formData.get("endpointId") });
  if (!parsed.success) return { ok: false, message: "That delivery was not found." };
  const done = await resendDelivery(parsed.data.deliveryId);
  revalidatePath(`/admin/webhooks/${parsed.data.endpointId}`);
  return done ? { ok: true, message: "Queued: it goes out again within seconds." } : { ok: false, message: "That delivery was not found." };
}

/** The local journey's one click: register (or renew) the sandbox's webhook inbox. Only where a sandbox is configured. */
export async function registerSandboxWebhookInbox(_prev: SimpleState, formData: FormData): Promise<SimpleState> {
  const user = await adminForAction(formData);
  if (!user) return { ok: false, message: DENIED };
  const sandboxUrl = getEnv().AWS_SANDBOX_URL;
  if (!sandboxUrl) return { ok: false, message: "No local sandbox is configured here." };
  const outcome = await registerSandboxInbox(sandboxUrl, { kind: "admin", id: user.id, email: user.email });
  revalidatePath("/admin/webhooks");
  switch (outcome.kind) {
    case "registered":
      return { ok: true, message: "Sandbox inbox registered for every event. Connect or disconnect an account, then open the inbox." };
    case "renewed":
      return { ok: true, message: "Sandbox inbox renewed: it has the endpoint's new signing secret." };
    case "unreachable":
      return { ok: false, message: "The endpoint is registered, but the sandbox did not answer. Is it still running?" };
    case "invalid_url":
      return { ok: false, message: outcome.message };
  }
}
