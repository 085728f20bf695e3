/**
 * The event log: each connection's timeline and the audit trail in one table.
 * Kinds are a closed list so pages can describe each in words.
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";

export const EVENT_KINDS = {
  "link.created": "Launch link created",
  "link.reused": "Launch link shown again",
  "link.abandoned": "Launch link cancelled",
  "link.expired": "Launch link expired unused",
  "sns.access_granted": "Allowed the account to publish to our SNS topic",
  "sns.access_revoked": "Removed the account's SNS publish permission",
  "sns.policy_near_limit": "SNS topic policy is near its limits",
  "sns.subscription_confirmed": "SNS subscription confirmed",
  "sns.unsubscribed": "SNS subscription removed",
  "cfn.request_received": "CloudFormation request received",
  "cfn.response_attempt": "CloudFormation response attempt",
  "cfn.response_sent": "CloudFormation response delivered",
  "cfn.response_failed": "CloudFormation response could not be delivered",
  "cfn.request_parked": "CloudFormation request parked after too many attempts",
  "link.confirmed": "Stack confirmed from inside the customer's account",
  "link.diagnosis": "A request for this link could not be trusted",
  "connection.updated": "Stack update confirmed",
  "verify.succeeded": "Access verified (AssumeRole)",
  "verify.failed": "Access verification failed (AssumeRole)",
  "security.rejected": "Security check rejected a request",
  "connection.connected": "Connected",
  "connection.failed": "Connection failed",
  "connection.disconnected": "Disconnected",
  "connection.broken": "Role stopped working",
  "connection.template_outdated": "Connected with an older template version",
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
  "credentials.issued": "Temporary credentials issued through the API",
  "credentials.refused": "Temporary credentials could not be issued",
  "webhook.endpoint_created": "Webhook endpoint registered",
  "webhook.endpoint_changed": "Webhook endpoint changed",
  "webhook.endpoint_deleted": "Webhook endpoint removed",
  "webhook.secret_rotated": "Webhook signing secret rotated",
  "organization.link_created": "Organization launch link created",
  "user.signed_out_everywhere": "An administrator signed the customer out everywhere",
  "organization.link_confirmed": "Organization stack confirmed in the management account",
} as const;

export type EventKind = keyof typeof EVENT_KINDS;

export interface NewEvent {
  connectionId?: string | null;
  kind: EventKind;
  /** "system", "sns", "customer:<id>" or "admin:<id>". */
  actor: string;
  detail?: Prisma.InputJsonObject;
}

type Client = Pick<Prisma.TransactionClient, "event">;

export async function recordEvent(event: NewEvent, client: Client = db): Promise<void> {
  await client.event.create({
    data: { connectionId: event.connectionId ?? null, kind: event.kind, actor: event.actor, detail: event.detail ?? {} },
  });
}

/** Several events in one INSERT (the fleet run writes a batch of outcomes at once). */
export async function recordEvents(events: readonly NewEvent[], client: Client = db): Promise<void> {
  if (events.length === 0) return;
  await client.event.createMany({
    data: events.map((event) => ({
      connectionId: event.connectionId ?? null,
      kind: event.kind,
      actor: event.actor,
      detail: event.detail ?? {},
    })),
  });
}
