/**
 * The webhook outbox, written by transition() in the transaction of the status
 * change: for each event type some enabled endpoint subscribes to, an event row
 * (its id is the `webhook-id` receivers dedupe on) and one pending delivery per
 * such endpoint. A rolled-back
 * change therefore leaves no event, and a committed one cannot lose its event.
 */
import { isOlderVersion } from "@/lib/cfn/template-version";
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

function currentTemplateVersion(): string | null {
  try {
    return loadCustomerTemplate().version;
  } catch (error) {
    // Never fail a status change over this; the event is only advice.
    log.warn("customer template unreadable: template_outdated not evaluated", { error });
    return null;
  }
}

/**
 * The event types some enabled endpoint subscribes to (one small query). When
 * none is, transition() skips the outbox entirely, so status changes cost no
 * more than before until a vendor registers an endpoint.
 */
export async function subscribedEventTypes(tx: Tx): Promise<Set<string>> {
  const rows = await tx.$queryRaw<
    Array<{ type: string }>
  >`SELECT DISTINCT unnest(event_types) AS type FROM webhook_endpoints WHERE enabled`;
  return new Set(rows.map((row) => row.type));
}

export async function recordWebhookEvents(
  tx: Tx,
  connectionId: string,
  previous: ConnectionStatus | null,
  to: ConnectionStatus,
  subscribed: Set<string>,
): Promise<void> {
  const type = eventTypeFor(previous, to);
  const mayBeOutdated = to === "connected" && subscribed.has("connection.template_outdated");
  if (!(type && subscribed.has(type)) && !mayBeOutdated) return;
  const types: WebhookEventType[] = type && subscribed.has(type) ? [type] : [];
  const row = await tx.connection.findUnique({ where: { id: connectionId }, select: API_CONNECTION_SELECT });
  if (!row) return;
  // Connected by a Create or an Update: is the stack on an older template than the one we publish now?
  const current = mayBeOutdated && row.templateVersion ? currentTemplateVersion() : null;
  if (current && row.templateVersion && isOlderVersion(row.templateVersion, current)) types.push("connection.template_outdated");
  const connection = toApiConnection(row);
  const at = new Date();
  for (const eventType of types) {
    const id = `msg_${randomUUID().replace(/-/g, "")}`;
    const payload = {
      type: eventType,
      timestamp: at.toISOString(),
      data: {
        connection,
        previousStatus: previous,
        ...(eventType === "connection.template_outdated" ? { currentTemplateVersion: current } : {}),
      },
    };
    await tx.webhookEvent.create({ data: { id, type: eventType, connectionId, payload } });
    await tx.$executeRaw`INSERT INTO webhook_deliveries (id, event_id, endpoint_id)
      SELECT gen_random_uuid(), ${id}, e.id FROM webhook_endpoints e WHERE e.enabled AND ${eventType} = ANY(e.event_types)`;
  }
}
