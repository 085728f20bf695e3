/**
 * Which connection a request's External ID names. A single account's link
 * has its own External ID; an organization's members all carry their
 * organization link's, so for those the account of the request's stack picks
 * the member connection (the live one, else the latest, for a Delete or
 * Update that arrives after it was closed).
 */
import { db } from "@/lib/db";
import { parseStackId } from "@/lib/aws/identifiers";
import type { CustomResourceRequest } from "@/lib/cfn/custom-resource";
import {
  CONNECTION_FOR_REQUEST,
  ORGANIZATION_LINK_FOR_REQUEST,
  type ConnectionForRequest,
  type OrganizationLinkForRequest,
} from "./context";

export async function findRequestTarget(
  request: CustomResourceRequest,
): Promise<{ connection: ConnectionForRequest | null; organizationLink: OrganizationLinkForRequest | null }> {
  const externalId = request.ResourceProperties.ExternalID;
  if (!externalId) return { connection: null, organizationLink: null };
  const single = await db.connection.findFirst({ where: { externalId, organizationLinkId: null }, select: CONNECTION_FOR_REQUEST });
  if (single) return { connection: single, organizationLink: null };
  const organizationLink = await db.organizationLink.findUnique({ where: { externalId }, select: ORGANIZATION_LINK_FOR_REQUEST });
  if (!organizationLink) return { connection: null, organizationLink: null };
  const accountId = parseStackId(request.StackId)?.accountId;
  if (!accountId) return { connection: null, organizationLink };
  const where = { organizationLinkId: organizationLink.id, accountId };
  // At most one live row per member (connections_member_live_key).
  const live = await db.connection.findFirst({ where: { ...where, status: { not: "disconnected" } }, select: CONNECTION_FOR_REQUEST });
  if (live || request.RequestType === "Create") return { connection: live, organizationLink };
  const latest = await db.connection.findFirst({ where, select: CONNECTION_FOR_REQUEST, orderBy: { createdAt: "desc" } });
  return { connection: latest, organizationLink };
}
