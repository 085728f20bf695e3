/**
 * The webhook outbox, written by transition() in the transaction of the status
 * change: an event row (its id is the `webhook-id` receivers dedupe on) and one
 * pending delivery per enabled endpoint subscribed to its type. A rolled-back
 * change therefore leaves no event, and a committed one cannot lose its event.
 */
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { API_CONNECTION_SELECT, toApiConnection } from "@/lib/api/connection-reads";
import { loadCustomerTemplate } from "@/lib/cfn/template";
import { log } from "@/lib/log";
import type { WebhookEventType } from "./event-types";

type Tx = Prisma.TransactionClient;

/** The event a move from `previous` to `to` means to a receiver; none for verifying (internal). */
export function eventTypeFor(previous: ConnectionStatus | null, to: ConnectionStatus): WebhookEventType | null {
  if (to === "connected") return previous === "connected" ? null : previous === "broken" ? "connection.recovered" : "connection.connected";
  if (to === "failed") return "connection.failed";
  if (to === "broken") return "connection.broken";
  if (to === "disconnected") return "connection.disconnected";
  return null;
}

function olderVersion(a: string, b: string): boolean {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    if (x !== y) return x < y;
  }
  return false;
}

function currentTemplateVersion(): string | null {
  try {
    return loadCustomerTemplate().version;
  } catch (error) {
    // Never fail a status change over this; the event is only advice.
    log.warn("customer template unreadable: template_outdated not evaluated", { error });
    return null;
  }
}

export async function recordWebhookEvents(tx: Tx, connectionId: string, previous: ConnectionStatus | null, to: ConnectionStatus): Promise<void> {
  const types: WebhookEventType[] = [];
  const type = eventTypeFor(previous, to);
  if (type) types.push(type);
  const row = await tx.connection.findUnique({ where: { id: connectionId }, select: API_CONNECTION_SELECT });
  if (!row) return;
  // Connected by a Create or an Update: is the stack on an older template than the one we publish now?
  const current = to === "connected" && row.templateVersion ? currentTemplateVersion() : null;
  if (current && row.templateVersion && olderVersion(row.templateVersion, current)) types.push("connection.template_outdated");
  const connection = toApiConnection(row);
  const at = new Date();
  for (const eventType of types) {
    const id = `msg_${randomUUID().replace(/-/g, "")}`;
    const payload = { type: eventType, timestamp: at.toISOString(), data: { connection, previousStatus: previous, ...(eventType === "connection.template_outdated" ? { currentTemplateVersion: current } : {}) } };
    await tx.webhookEvent.create({ data: { id, type: eventType, connectionId, payload } });
    await tx.$executeRaw`INSERT INTO webhook_deliveries (id, event_id, endpoint_id)
      SELECT gen_random_uuid(), ${id}, e.id FROM webhook_endpoints e WHERE e.enabled AND ${eventType} = ANY(e.event_types)`;
  }
}
