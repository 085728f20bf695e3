/**
 * Webhook endpoints: registered, changed and removed by admins (audited). The
 * signing secret is shown once, when created or rotated; after a rotation the
 * old secret keeps signing alongside the new one for a day, so receivers can
 * switch without dropping a delivery.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { ALL_WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./event-types";
import { checkEndpointUrl, currentPolicy } from "./target-policy";
import { sealSigningSecret } from "./signing-secrets";

export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

export const endpointInputSchema = z.object({
  url: z.string().trim().min(1, "Enter the endpoint's URL.").max(2048, "At most 2048 characters."),
  description: z.string().trim().max(200, "At most 200 characters.").optional(),
  eventTypes: z.array(z.enum(ALL_WEBHOOK_EVENT_TYPES as [WebhookEventType, ...WebhookEventType[]])).min(1, "Choose at least one event."),
});

export type EndpointInput = z.infer<typeof endpointInputSchema>;

/** Who made the change, for the audit log: an admin or an API key. */
export type Actor = { kind: "admin"; id: string; email: string } | { kind: "api"; keyPrefix: string };

function audit(actor: Actor): { actor: string; by: string } {
  return actor.kind === "admin"
    ? { actor: `admin:${actor.id}`, by: actor.email }
    : { actor: `api-key:${actor.keyPrefix}`, by: `API key ${actor.keyPrefix}` };
}

export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export type CreateEndpointOutcome = { kind: "created"; id: string; secret: string } | { kind: "invalid_url"; message: string };

export async function createEndpoint(input: EndpointInput, actor: Actor): Promise<CreateEndpointOutcome> {
  const target = checkEndpointUrl(input.url, currentPolicy());
  if (!target.ok) return { kind: "invalid_url", message: target.message };
  const secret = generateSigningSecret();
  const id = await db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.create({
      data: {
        url: target.url.toString(),
        description: input.description || null,
        eventTypes: [...new Set(input.eventTypes)],
        secrets: { create: { secretSealed: sealSigningSecret(secret) } },
      },
      select: { id: true },
    });
    await recordEvent(
      {
        kind: "webhook.endpoint_created",
        actor: audit(actor).actor,
        detail: {
          by: audit(actor).by,
          endpointId: endpoint.id,
          url: target.url.origin + target.url.pathname,
          eventTypes: input.eventTypes,
        },
      },
      tx,
    );
    return endpoint.id;
  });
  return { kind: "created", id, secret };
}

export async function setEndpointEnabled(id: string, enabled: boolean, actor: Actor): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const updated = await tx.webhookEndpoint.updateMany({ where: { id }, data: { enabled } });
    if (updated.count === 0) return false;
    await recordEvent(
      { kind: "webhook.endpoint_changed", actor: audit(actor).actor, detail: { by: audit(actor).by, endpointId: id, enabled } },
      tx,
    );
    return true;
  });
}

export async function rotateSigningSecret(
  endpointId: string,
  actor: Actor,
  now = new Date(),
): Promise<{ kind: "rotated"; secret: string } | { kind: "not_found" }> {
  return db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { id: true } });
    if (!endpoint) return { kind: "not_found" } as const;
    const overlapEnds = new Date(now.getTime() + ROTATION_OVERLAP_MS);
    // Live secrets keep signing until the overlap ends (an earlier expiry is kept).
    await tx.webhookSecret.updateMany({
      where: { endpointId, OR: [{ expiresAt: null }, { expiresAt: { gt: overlapEnds } }] },
      data: { expiresAt: overlapEnds },
    });
    await tx.webhookSecret.deleteMany({ where: { endpointId, expiresAt: { lte: now } } });
    const secret = generateSigningSecret();
    await tx.webhookSecret.create({ data: { endpointId, secretSealed: sealSigningSecret(secret), createdAt: now } });
    await recordEvent(
      {
        kind: "webhook.secret_rotated",
        actor: audit(actor).actor,
        detail: { by: audit(actor).by, endpointId, previousValidUntil: overlapEnds.toISOString() },
      },
      tx,
    );
    return { kind: "rotated", secret } as const;
  });
}

export async function deleteEndpoint(id: string, actor: Actor): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const deleted = await tx.webhookEndpoint.deleteMany({ where: { id } });
    if (deleted.count === 0) return false;
    await recordEvent({ kind: "webhook.endpoint_deleted", actor: audit(actor).actor, detail: { by: audit(actor).by, endpointId: id } }, tx);
    return true;
  });
}
