/**
 * A Create naming an organization link's External ID. The External ID alone
 * authorizes nothing (every member stack carries it, and anyone who can read
 * one can read it), so a claim is believed only when
 *  - the account itself confirms it: AssumeRole into the role the stack sent
 *    with the link's External ID, then DescribeStacks (as for a single account);
 *  - and the organization confirms it: the management role reads that the
 *    account belongs to this organization, under one of the chosen targets
 *    (for the management stack: that its role can read the organization).
 * Only then is the account's connection created (or updated) and moved through
 * transition(). A refused claim changes nothing and is answered with a Reason.
 */
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { recordEvent } from "@/lib/events";
import { checkMembership } from "@/lib/aws/organization-reader";
import { regionOfTopicArn } from "@/lib/aws/identifiers";
import { sourceIdentityFor } from "@/lib/aws/source-identity";
import { masked } from "@/lib/connections/stack-requests/check-request";
import { completeCreate } from "@/lib/connections/stack-requests/complete-create";
import { judgeStack } from "@/lib/connections/stack-requests/judge-stack";
import { lookInside } from "@/lib/connections/stack-requests/look-inside";
import { recordRefusal } from "@/lib/connections/stack-requests/diagnose";
import {
  refusedPhysicalId,
  type Answer,
  type ConnectionForRequest,
  type OrganizationLinkForRequest,
  type RequestContext,
} from "@/lib/connections/stack-requests/context";
import { ensureOrganizationPublishAccess } from "@/lib/connections/publish-access";
import { checkOrganizationCreate, kindOfRequest } from "./check-organization-request";
import { ensureMemberConnection } from "./member-connection";
import { membershipRefusal } from "./membership-refusal";

export async function handleOrganizationCreate(ctx: RequestContext, link: OrganizationLinkForRequest): Promise<Answer> {
  const { request, connection: live } = ctx;
  const refused = async (check: string, reason: string): Promise<Answer> => {
    await recordRefusal(request, live?.id ?? null, { check, reason }, { diagnose: live !== null });
    return { status: "FAILED", reason, physicalResourceId: refusedPhysicalId(request), connectionId: live?.id ?? null };
  };

  const kind = kindOfRequest(request, link);
  const check = checkOrganizationCreate({ request, topicRegion: ctx.topicRegion, link, kind, connectUrl: ctx.connectUrl });
  if (!check.ok) return refused(check.check, check.reason);
  const accountId = check.accountId!;
  if (live && (live.status === "connected" || live.status === "broken") && live.physicalResourceId) {
    if (live.stackId === request.StackId) {
      // A retried job whose answer was lost: answer again, change nothing.
      return {
        status: "SUCCESS",
        reason: "rolelink verified access to the role.",
        physicalResourceId: live.physicalResourceId,
        connectionId: live.id,
        data: { RoleArn: live.roleArn ?? "" },
      };
    }
    return refused("already_connected", `Account ${masked(accountId)} is already connected to this organization through another stack.`);
  }
  if (live?.status === "verifying" && live.stackId !== request.StackId)
    return refused("another_stack_verifying", "Another stack of this account is being verified right now.");

  // The organization's word first: a stranger's claim never gets as far as touching its account.
  const membership = await readMembership(ctx, link, kind === "management" ? check.roleArn : link.managementRoleArn!, accountId);
  const refusal = membershipRefusal(membership, { kind, accountId, link });
  if (refusal) return refused(refusal.check, refusal.reason);
  const organizationId =
    membership.membership!.kind === "under_target" || membership.membership!.kind === "outside_targets"
      ? membership.membership!.organizationId
      : null;

  // Then the account's own word, exactly as for a single account.
  const claimedVersion = request.ResourceProperties.TemplateVersion ?? null;
  const seen = await lookInside(ctx, insideLink(link, accountId, live), {
    roleArn: check.roleArn,
    stackId: request.StackId,
    purpose: "verify",
    newRole: true,
  });
  if (!seen.access.ok) {
    return refused(
      `assume_${seen.access.code}`,
      `${seen.access.message} Check that the stack kept the TrustedAccount, TrustedRoleName and ExternalId from rolelink.`,
    );
  }
  const judgement = judgeStack({
    requestType: "Create",
    view: seen.stack!,
    externalId: link.externalId,
    logicalResourceId: request.LogicalResourceId,
    templateVersion: claimedVersion,
  });
  if (!judgement.ok) return refused(judgement.check, judgement.reason);

  if (kind === "management") {
    const confirmed = await confirmManagement(link, check.roleArn, organizationId!);
    if (!confirmed)
      return refused(
        "organization_already_confirmed",
        "This organization link was already confirmed through another organization stack; start again for a new link.",
      );
  }
  const member = await ensureMemberConnection(link, accountId, { role: kind });
  return completeCreate({ ...ctx, connection: member }, member, {
    roleArn: check.roleArn,
    level: judgement.level,
    templateVersion: claimedVersion,
  });
}

async function readMembership(ctx: RequestContext, link: OrganizationLinkForRequest, managementRoleArn: string, accountId: string) {
  return checkMembership(
    {
      roleArn: managementRoleArn,
      externalId: link.externalId,
      expectedAccountId: link.managementAccountId,
      sessionName: `rolelink-org-${link.id}`.slice(0, 64),
      sourceIdentity: sourceIdentityFor({ kind: "onboarding" }),
      memberAccountId: accountId,
      targets: link.targets,
    },
    // The management role of a Create is new (IAM propagation); a confirmed one exists already.
    {
      deadlineMs: accountId === link.managementAccountId ? ctx.timings.createDeadlineMs : ctx.timings.existingRoleDeadlineMs,
      baseDelayMs: ctx.timings.baseDelayMs,
    },
  );
}

/** lookInside names the session after the connection; before one exists, after the organization link. */
function insideLink(link: OrganizationLinkForRequest, accountId: string, live: ConnectionForRequest | null): ConnectionForRequest {
  return (
    live ?? {
      id: link.id,
      accountId,
      region: link.region,
      status: "pending",
      stackId: null,
      roleArn: null,
      physicalResourceId: null,
      externalId: link.externalId,
      templateVersion: null,
      organizationLinkId: link.id,
    }
  );
}

/**
 * Records the management role and organization on the link (once: a second
 * organization stack with the same External ID does not re-point it), then
 * lets the organization's accounts publish to the region's topic: member
 * stacks start phoning home as soon as this Create is answered.
 */
async function confirmManagement(link: OrganizationLinkForRequest, roleArn: string, organizationId: string): Promise<boolean> {
  // A rolled-back or deleted organization stack (its management connection closed) may be replaced by a new one.
  const updated = await db.organizationLink.updateMany({
    where: {
      id: link.id,
      OR: [
        { managementRoleArn: null },
        { managementRoleArn: roleArn, organizationId },
        { organizationId, members: { none: { accountId: link.managementAccountId, status: { not: "disconnected" } } } },
      ],
    },
    data: { managementRoleArn: roleArn, organizationId },
  });
  if (updated.count === 0) return false;
  await recordEvent({
    kind: "organization.link_confirmed",
    actor: "system",
    detail: { organizationLinkId: link.id, organizationId, roleArn },
  });
  const env = getEnv();
  const topicArn = env.SNS_TOPIC_ARNS.find((arn) => regionOfTopicArn(arn) === link.region);
  if (topicArn)
    await ensureOrganizationPublishAccess({
      organizationLinkId: link.id,
      topicArn,
      organizationId,
      region: link.region,
      mode: env.SNS_PUBLISH_ACCESS,
    });
  return true;
}
