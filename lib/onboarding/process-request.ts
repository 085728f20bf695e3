/**
 * The durable job behind every custom resource request: link (Create/Update)
 * or disconnect (Delete), then exactly one answer to CloudFormation, so no
 * customer's stack ever hangs for an hour.
 */
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { recordEvent } from "@/lib/events";
import { log } from "@/lib/log";
import { isTrustedResponseUrl } from "@/lib/cfn/response-url";
import type { CustomResourceRequest } from "@/lib/cfn/custom-resource";
import { regionOfTopicArn } from "@/lib/sns/trusted-urls";
import { checkCreateOrUpdate, deleteMatches, type ConnectionForCheck } from "./check-request";
import { linkAndVerify, type VerifyTimings } from "./link-and-verify";
import { respondToCloudFormation } from "./respond";
import { releasePublishAccess } from "./publish-access";
import { canTransition } from "./states";

interface StoredPayload {
  topicArn: string;
  request: CustomResourceRequest;
}

const CONNECTION_SELECT = { id: true, accountId: true, region: true, status: true, stackId: true, physicalResourceId: true } as const;

export async function processCfnRequest(cfnRequestId: string, timings?: VerifyTimings): Promise<void> {
  // Claim it: responded or rejected requests are done; a crashed run resumes.
  const claimed = await db.cfnRequest.updateMany({
    where: { id: cfnRequestId, state: { in: ["received", "processing"] } },
    data: { state: "processing" },
  });
  if (claimed.count === 0) return;
  const row = await db.cfnRequest.findUniqueOrThrow({ where: { id: cfnRequestId }, select: { payload: true, connectionId: true } });
  const { topicArn, request } = row.payload as unknown as StoredPayload;
  const env = getEnv();

  if (!isTrustedResponseUrl(new URL(request.ResponseURL), env.AWS_SANDBOX_URL)) {
    // Never contacted: a forged ResponseURL must not make us a request-forgery proxy.
    await db.cfnRequest.update({ where: { id: cfnRequestId }, data: { state: "rejected" } });
    await recordEvent({
      connectionId: row.connectionId,
      kind: "security.rejected",
      actor: "system",
      detail: { check: "untrusted_response_url", host: new URL(request.ResponseURL).host, stackId: request.StackId },
    });
    return;
  }

  const externalId = request.ResourceProperties.ExternalID;
  const connection = externalId
    ? await db.connection.findUnique({ where: { externalId }, select: CONNECTION_SELECT })
    : null;
  const connectUrl = new URL("/connect", env.APP_URL).toString();

  if (request.RequestType === "Delete") {
    await handleDelete(request, connection, connectUrl);
    await respondToCloudFormation(cfnRequestId, request, {
      status: "SUCCESS",
      reason: "rolelink recorded the deletion.",
      physicalResourceId: request.PhysicalResourceId ?? connection?.physicalResourceId ?? `rolelink-${request.RequestId}`,
      connectionId: connection?.id ?? null,
    });
    return;
  }

  const check = checkCreateOrUpdate({ request, topicRegion: regionOfTopicArn(topicArn) ?? "", connection, connectUrl });
  if (!check.ok) {
    await recordEvent({ connectionId: connection?.id, kind: "security.rejected", actor: "system", detail: check.security });
    await respondToCloudFormation(cfnRequestId, request, {
      status: "FAILED",
      reason: check.reason,
      physicalResourceId: request.PhysicalResourceId ?? `rolelink-rejected-${request.RequestId}`,
      connectionId: connection?.id ?? null,
    });
    return;
  }

  const physicalResourceId = connection!.physicalResourceId ?? `rolelink-${connection!.id}`;
  const outcome = await linkAndVerify({
    connectionId: connection!.id,
    accountId: connection!.accountId,
    externalId: externalId!,
    roleArn: check.roleArn,
    stackId: request.StackId,
    physicalResourceId,
    connectUrl,
    timings,
  });
  await respondToCloudFormation(cfnRequestId, request, {
    status: outcome.ok ? "SUCCESS" : "FAILED",
    reason: outcome.ok ? "rolelink verified access to the role." : outcome.reason,
    physicalResourceId,
    connectionId: connection!.id,
    data: outcome.ok ? { RoleArn: check.roleArn } : undefined,
  });
}

async function handleDelete(request: CustomResourceRequest, connection: (ConnectionForCheck & { physicalResourceId: string | null }) | null, connectUrl: string) {
  if (!connection) return; // unknown External ID: still answered SUCCESS, a delete never hangs
  if (!deleteMatches(request, connection)) {
    await recordEvent({
      connectionId: connection.id,
      kind: "security.rejected",
      actor: "system",
      detail: { check: "delete_from_foreign_stack", stackId: request.StackId, connectUrl },
    });
    return;
  }
  // A failed Create rolls back with a Delete: keep "failed" and its reason for the customer.
  if (connection.status === "failed" || !canTransition(connection.status, "disconnected")) return;
  await db.$transaction(async (tx) => {
    await tx.connection.update({ where: { id: connection.id }, data: { status: "disconnected" } });
    await recordEvent({ connectionId: connection.id, kind: "connection.disconnected", actor: "sns", detail: { stackId: request.StackId } }, tx);
  });
  const env = getEnv();
  const topicArn = env.SNS_TOPIC_ARNS.find((arn) => regionOfTopicArn(arn) === connection.region);
  if (topicArn) {
    await releasePublishAccess({ connectionId: connection.id, topicArn, accountId: connection.accountId, region: connection.region, mode: env.SNS_PUBLISH_ACCESS }).catch(
      (error) => log.error("revoking SNS publish access failed", { connectionId: connection.id, error }),
    );
  }
}
