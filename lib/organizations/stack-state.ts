/**
 * Where the organization stack in the management account stands, from what
 * its PhoneHome told rolelink: not heard from yet, refused (with its Reason),
 * confirmed, rolled back (its StackSet failed; most often because trusted
 * access for StackSets is off), or deleted.
 */
import { db } from "@/lib/db";

export type OrganizationStackState =
  | { kind: "waiting" }
  | { kind: "refused"; reason: string | null }
  | { kind: "confirmed"; connectionId: string }
  | { kind: "rolled_back" }
  | { kind: "deleted" };

const ROLLBACK_STATES = new Set(["ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED"]);

export async function organizationStackState(organizationLinkId: string, managementAccountId: string): Promise<OrganizationStackState> {
  const management = await db.connection.findFirst({
    where: { organizationLinkId, accountId: managementAccountId },
    select: {
      id: true,
      status: true,
      lastError: true,
      events: { where: { kind: "connection.disconnected" }, select: { detail: true }, orderBy: { id: "desc" }, take: 1 },
    },
    orderBy: { createdAt: "desc" },
  });
  if (!management) {
    const link = await db.organizationLink.findUnique({ where: { id: organizationLinkId }, select: { externalId: true } });
    const [refused] = link
      ? await db.$queryRaw<Array<{ reason: string | null }>>`
          SELECT response_reason AS reason FROM cfn_requests
           WHERE request_type = 'Create' AND response_status = 'FAILED' AND claimed_account = ${managementAccountId}
             AND payload->'request'->'ResourceProperties'->>'ExternalID' = ${link.externalId}
           ORDER BY created_at DESC LIMIT 1`
      : [];
    return refused ? { kind: "refused", reason: refused.reason } : { kind: "waiting" };
  }
  if (management.status === "failed") return { kind: "refused", reason: management.lastError };
  if (management.status !== "disconnected")
    return management.status === "connected" || management.status === "broken"
      ? { kind: "confirmed", connectionId: management.id }
      : { kind: "waiting" };
  const detail = (management.events[0]?.detail ?? {}) as { stackStatus?: string | null };
  return detail.stackStatus && ROLLBACK_STATES.has(detail.stackStatus) ? { kind: "rolled_back" } : { kind: "deleted" };
}
