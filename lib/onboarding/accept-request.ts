/**
 * Accepting a CloudFormation custom resource request from SNS: record the
 * MessageId and the request in one transaction, answer SNS at once, and leave
 * the slow part (AssumeRole with retries, the response PUT) to a durable job.
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { log } from "@/lib/log";
import { parseCustomResourceRequest } from "@/lib/cfn/custom-resource";
import { enqueueCfnRequest } from "@/lib/jobs/enqueue";
import type { VerifiedSnsMessage } from "@/lib/sns/verify";

export async function acceptCustomResourceRequest(message: VerifiedSnsMessage): Promise<{ status: number; result: string }> {
  let request;
  try {
    request = parseCustomResourceRequest(message.Message);
  } catch {
    // Signed by SNS but not a request we understand: anyone allowed to publish can send this.
    log.warn("SNS notification is not a CloudFormation custom resource request", { messageId: message.MessageId });
    return { status: 400, result: "not_a_custom_resource_request" };
  }
  const externalId = request.ResourceProperties.ExternalID;

  const stored = await db.$transaction(async (tx) => {
    const inserted = await tx.snsMessage.createMany({
      data: [{ messageId: message.MessageId, type: message.Type, topicArn: message.TopicArn }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return null; // an SNS retry: already stored and queued
    const connection = externalId
      ? await tx.connection.findUnique({ where: { externalId }, select: { id: true } })
      : null;
    const payload = { topicArn: message.TopicArn, request } as unknown as Prisma.InputJsonObject;
    const row = await tx.cfnRequest.create({
      data: {
        messageId: message.MessageId,
        requestType: request.RequestType,
        requestId: request.RequestId,
        stackId: request.StackId,
        logicalResourceId: request.LogicalResourceId,
        connectionId: connection?.id ?? null,
        payload,
      },
      select: { id: true },
    });
    await recordEvent(
      {
        connectionId: connection?.id,
        kind: "cfn.request_received",
        actor: "sns",
        detail: { requestType: request.RequestType, stackId: request.StackId, messageId: message.MessageId },
      },
      tx,
    );
    return row;
  });
  if (!stored) return { status: 200, result: "duplicate" };

  // After commit. If this fails, the sweeper re-queues the stored request.
  await enqueueCfnRequest(stored.id).catch((error) => log.warn("queueing a CloudFormation request failed; the sweeper will retry", { error }));
  return { status: 200, result: "accepted" };
}
