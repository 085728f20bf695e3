/**
 * Delete: always answered SUCCESS (a stack must never hang on us), but it
 * disconnects only when the customer's account agrees: the stack is being
 * deleted or rolled back, or the role can no longer be assumed at all (access
 * is gone either way). A Delete the account contradicts changes nothing and is
 * recorded as a security event.
 */
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { regionOfTopicArn } from "@/lib/aws/identifiers";
import { transition } from "../transition";
import { releasePublishAccess } from "../publish-access";
import { releaseOrganizationAccess } from "@/lib/organizations/release-access";
import { checkDelete } from "./check-request";
import { confirmationDetail, judgeStack } from "./judge-stack";
import { recordRefusal } from "./diagnose";
import { lookInside } from "./look-inside";
import type { Answer, RequestContext } from "./context";

export async function handleDelete(ctx: RequestContext): Promise<Answer> {
  const { request, connection } = ctx;
  const answer: Answer = {
    status: "SUCCESS",
    reason: "rolelink recorded the deletion.",
    // Echo the request's id (CloudFormation's rule for Delete); hasAnswerablePhysicalId has checked its size.
    physicalResourceId: request.PhysicalResourceId ?? connection?.physicalResourceId ?? `rolelink-${request.RequestId}`,
    connectionId: connection?.id ?? null,
  };
  const check = checkDelete(request, connection);
  if (!check.ok) {
    await recordRefusal(
      request,
      connection?.id ?? null,
      { check: check.check, reason: "This Delete does not concern the stack linked to this connection." },
      { diagnose: false },
    );
    return answer;
  }
  const link = connection!;
  // Nothing is linked yet (an unconfirmed Create rolling back), the link is closed, or a failed Create is rolling back:
  // keep the status and its reason for the customer.
  if (!link.roleArn || link.status === "disconnected" || link.status === "failed" || link.status === "pending") return answer;

  const seen = await lookInside(ctx, link, {
    roleArn: link.roleArn,
    stackId: link.stackId ?? request.StackId,
    purpose: "delete",
    newRole: false,
  });
  if (!seen.access.ok && seen.access.code !== "access_denied") {
    await recordRefusal(
      request,
      link.id,
      { check: `delete_unconfirmed_${seen.access.code}`, reason: seen.access.message },
      { diagnose: false },
    );
    return answer;
  }
  let detail: Record<string, string | null>;
  if (!seen.access.ok) {
    detail = { confirmedBy: "role_gone", how: "the role can no longer be assumed with the External ID: access is gone" };
  } else {
    const judgement = judgeStack({
      requestType: "Delete",
      view: seen.stack!,
      externalId: link.externalId,
      logicalResourceId: request.LogicalResourceId,
      templateVersion: link.templateVersion,
    });
    if (!judgement.ok) {
      // The role still works and the stack is not going away: someone else's word against the account's.
      await recordRefusal(
        request,
        link.id,
        { check: `delete_contradicted_${judgement.check}`, reason: judgement.reason },
        { diagnose: false },
      );
      return answer;
    }
    // The stack's state tells a rollback (a failed create: for an organization stack, usually trusted access) from a deletion.
    detail = {
      ...confirmationDetail(judgement.level, link.templateVersion, request.StackId),
      stackStatus: seen.stack?.kind === "found" ? seen.stack.status : null,
    };
  }
  const done = await transition({
    connectionId: link.id,
    to: "disconnected",
    data: { diagnosis: null },
    event: { kind: "connection.disconnected", actor: "sns", detail: { ...detail, stackId: request.StackId } },
  });
  if (done.ok) await releaseAccess(link);
  return answer;
}

async function releaseAccess(link: { id: string; accountId: string; region: string; organizationLinkId: string | null }) {
  const env = getEnv();
  const topicArn = env.SNS_TOPIC_ARNS.find((arn) => regionOfTopicArn(arn) === link.region);
  if (!topicArn) return;
  if (link.organizationLinkId) {
    // Members publish under the organization's one statement: only the management account's own Delete releases access.
    await releaseOrganizationAccess({ ...link, organizationLinkId: link.organizationLinkId }, topicArn).catch((error: unknown) =>
      log.error("revoking the organization's SNS publish access failed", { connectionId: link.id, error }),
    );
    return;
  }
  await releasePublishAccess({
    connectionId: link.id,
    topicArn,
    accountId: link.accountId,
    region: link.region,
    mode: env.SNS_PUBLISH_ACCESS,
  }).catch((error: unknown) => log.error("revoking SNS publish access failed", { connectionId: link.id, error }));
}
