/**
 * When the organization stack's own PhoneHome is deleted (its member stacks
 * were deleted before it), the management account's publish statement and
 * the organization's go too. A member's Delete releases nothing: members
 * publish under the organization's single statement.
 */
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { releaseOrganizationPublishAccess, releasePublishAccess } from "@/lib/connections/publish-access";

export async function releaseOrganizationAccess(
  connection: { id: string; accountId: string; region: string; organizationLinkId: string },
  topicArn: string,
) {
  const link = await db.organizationLink.findUnique({
    where: { id: connection.organizationLinkId },
    select: { managementAccountId: true, organizationId: true },
  });
  if (!link || link.managementAccountId !== connection.accountId) return;
  const mode = getEnv().SNS_PUBLISH_ACCESS;
  await releasePublishAccess({ connectionId: connection.id, topicArn, accountId: connection.accountId, region: connection.region, mode });
  if (link.organizationId) {
    await releaseOrganizationPublishAccess({
      organizationLinkId: connection.organizationLinkId,
      topicArn,
      organizationId: link.organizationId,
      region: connection.region,
      mode,
    });
  }
}
