/**
 * The connection of one account of an organization (a member, or the
 * management account itself), created only once its claim has been
 * confirmed. It starts pending, like a single account's link, and then moves
 * through transition() exactly like one.
 */
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import {
  CONNECTION_FOR_REQUEST,
  type ConnectionForRequest,
  type OrganizationLinkForRequest,
} from "@/lib/connections/stack-requests/context";

export async function ensureMemberConnection(
  link: OrganizationLinkForRequest,
  accountId: string,
  detail: Record<string, unknown>,
): Promise<ConnectionForRequest> {
  return db.$transaction(async (tx) => {
    // Two Creates of the same account (a retried operation) must not make two rows.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`org-member:${link.id}:${accountId}`}))`;
    const live = await tx.connection.findFirst({
      where: { organizationLinkId: link.id, accountId, status: { not: "disconnected" } },
      select: CONNECTION_FOR_REQUEST,
    });
    if (live) return live;
    const created = await tx.connection.create({
      data: { ownerId: link.ownerId, accountId, region: link.region, externalId: link.externalId, organizationLinkId: link.id },
      select: CONNECTION_FOR_REQUEST,
    });
    await recordEvent(
      {
        connectionId: created.id,
        kind: "link.created",
        actor: "system",
        detail: { accountId, region: link.region, organizationLinkId: link.id, ...detail },
      },
      tx,
    );
    return created;
  });
}
