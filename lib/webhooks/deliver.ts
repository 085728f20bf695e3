/**
 * One delivery attempt: sign with every live secret of the endpoint (Standard
 * Webhooks: webhook-id, webhook-timestamp, webhook-signature), send, record the
 * attempt, and either finish or schedule the next try with exponential backoff,
 * up to 24 hours after the event. At-least-once: the event id never changes, so
 * a receiver that saw it already can drop the repeat.
 */
import { Webhook } from "standardwebhooks";
import { db } from "@/lib/db";
import { checkEndpointUrl, currentPolicy, type TargetPolicy } from "./target-policy";
import { sendWebhook } from "./send";
import { readSigningSecret } from "./signing-secrets";

/** Mutable so tests can shorten them; nothing else should change them. */
export const deliverySettings = { baseDelayMs: 10_000, maxDelayMs: 4 * 3_600_000, giveUpAfterMs: 24 * 3_600_000, timeoutMs: 10_000 };

export type DeliveryResult = "succeeded" | "retry" | "failed" | "skipped";

/** 10 s, 20 s, 40 s … capped at 4 h, with jitter (75-100% of the step) so failed endpoints do not get synchronized bursts. */
export function retryDelayMs(attempts: number): number {
  const step = Math.min(deliverySettings.maxDelayMs, deliverySettings.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(step * (0.75 + Math.random() / 4));
}

export function signatureHeader(secrets: string[], id: string, at: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(" ");
}

export async function deliverWebhook(deliveryId: string, deps: { now?: () => Date; policy?: TargetPolicy } = {}): Promise<DeliveryResult> {
  const now = deps.now ?? (() => new Date());
  const policy = deps.policy ?? currentPolicy();
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      state: true,
      attempts: true,
      event: { select: { id: true, payload: true, createdAt: true } },
      endpoint: {
        select: { url: true, enabled: true, secrets: { select: { secretSealed: true, expiresAt: true }, orderBy: { createdAt: "desc" } } },
      },
    },
  });
  if (!delivery || delivery.state !== "pending") return "skipped";
  if (!delivery.endpoint.enabled) {
    await db.webhookDelivery.update({ where: { id: deliveryId }, data: { enqueuedAt: null } });
    return "skipped";
  }
  const at = now();
  const live = delivery.endpoint.secrets.filter((s) => !s.expiresAt || s.expiresAt > at).map((s) => readSigningSecret(s.secretSealed));
  // A secret that no longer unseals (NEXTAUTH_SECRET changed) cannot sign: the attempt says so and the admin rotates it.
  const secrets = live.filter((s): s is string => s !== null);
  const target = checkEndpointUrl(delivery.endpoint.url, policy);
  const body = JSON.stringify(delivery.event.payload);
  const result =
    !target.ok || secrets.length === 0
      ? {
          statusCode: null,
          latencyMs: 0,
          error: !target.ok
            ? target.message
            : live.length > 0
              ? "the signing secret cannot be read (NEXTAUTH_SECRET changed?): rotate it"
              : "the endpoint has no signing secret",
        }
      : await sendWebhook(
          target.url,
          body,
          {
            "webhook-id": delivery.event.id,
            "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
            "webhook-signature": signatureHeader(secrets, delivery.event.id, at, body),
          },
          { policy, timeoutMs: deliverySettings.timeoutMs },
        );

  const succeeded = result.error === null;
  const attempts = delivery.attempts + 1;
  const giveUp = !succeeded && at.getTime() - delivery.event.createdAt.getTime() >= deliverySettings.giveUpAfterMs;
  const outcome: DeliveryResult = succeeded ? "succeeded" : giveUp ? "failed" : "retry";
  await db.$transaction([
    db.webhookAttempt.create({
      data: { deliveryId, attemptedAt: at, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error },
    }),
    db.webhookDelivery.updateMany({
      // Only the pending row: a concurrent resend or a duplicate job must not undo a success.
      where: { id: deliveryId, state: "pending" },
      data: {
        attempts,
        state: outcome === "retry" ? "pending" : outcome,
        enqueuedAt: null,
        nextAttemptAt: outcome === "retry" ? new Date(at.getTime() + retryDelayMs(attempts)) : at,
      },
    }),
  ]);
  return outcome;
}

/** "Resend" in the delivery log: the same event (same webhook-id) goes out again, now. */
export async function resendDelivery(deliveryId: string): Promise<boolean> {
  const updated = await db.webhookDelivery.updateMany({
    where: { id: deliveryId },
    data: { state: "pending", nextAttemptAt: new Date(), enqueuedAt: null },
  });
  return updated.count === 1;
}
