/**
 * Accepting a CloudFormation custom resource request from SNS: record the
 * MessageId, the request and its timeline event atomically, answer SNS at
 * once, and leave the slow part (AssumeRole with retries, the response PUT) to
 * a durable job.
 */
import { db } from "@/lib/db";
import { parseStackId } from "@/lib/aws/identifiers";
import { log } from "@/lib/log";
import { parseCustomResourceRequest, type CustomResourceRequest } from "@/lib/cfn/custom-resource";
import { enqueueCfnRequest, type QueuedRequest } from "./enqueue";
import type { VerifiedSnsMessage } from "@/lib/sns/verify";

export type AcceptOutcome = { kind: "accepted" } | { kind: "duplicate" } | { kind: "not_a_custom_resource_request" };

export async function acceptCustomResourceRequest(message: VerifiedSnsMessage): Promise<AcceptOutcome> {
  let request;
  try {
    request = parseCustomResourceRequest(message.Message);
  } catch {
    // Signed by SNS but not a request we understand: anyone allowed to publish can send this.
    log.warn("SNS notification is not a CloudFormation custom resource request", { messageId: message.MessageId });
    return { kind: "not_a_custom_resource_request" };
  }

  const stored = await storeRequest(message, request);
  if (!stored) return { kind: "duplicate" }; // an SNS retry: already stored and queued

  // After commit. If this fails, the sweeper re-queues the stored request.
  await enqueueCfnRequest(stored).catch((error) => log.warn("queueing a CloudFormation request failed; the sweeper will retry", { error }));
  return { kind: "accepted" };
}

/**
 * One SQL statement (so one round trip, and atomic): the MessageId insert
 * gates the rest, so a retried delivery stores nothing and returns null. This
 * is the endpoint's hot path under load; a Prisma interactive transaction
 * took six round trips for the same three inserts.
 */
async function storeRequest(message: VerifiedSnsMessage, request: CustomResourceRequest): Promise<QueuedRequest | null> {
  const payload = JSON.stringify({ topicArn: message.TopicArn, request });
  const detail = JSON.stringify({ requestType: request.RequestType, stackId: request.StackId, messageId: message.MessageId });
  const rows = await db.$queryRaw<QueuedRequest[]>`
    WITH seen AS (
      INSERT INTO sns_messages (message_id, type, topic_arn)
      VALUES (${message.MessageId}, ${message.Type}, ${message.TopicArn})
      ON CONFLICT (message_id) DO NOTHING
      RETURNING message_id
    ), stored AS (
      INSERT INTO cfn_requests (id, message_id, request_type, request_id, stack_id, logical_resource_id, claimed_account, connection_id, payload)
      SELECT gen_random_uuid(), seen.message_id, ${request.RequestType}, ${request.RequestId}, ${request.StackId},
             ${request.LogicalResourceId}, ${parseStackId(request.StackId)?.accountId ?? null},
             -- A single account's link, or the live member connection of the stack's account (members share the External ID).
             (SELECT c.id FROM connections c
               WHERE c.external_id = ${request.ResourceProperties.ExternalID ?? null}
                 AND (c.organization_link_id IS NULL OR (c.account_id = ${parseStackId(request.StackId)?.accountId ?? null} AND c.status <> 'disconnected'))
               ORDER BY c.organization_link_id NULLS FIRST LIMIT 1),
             ${payload}::jsonb
      FROM seen
      RETURNING id, connection_id, claimed_account
    ), event AS (
      INSERT INTO events (connection_id, kind, actor, detail)
      SELECT stored.connection_id, 'cfn.request_received', 'sns', ${detail}::jsonb FROM stored
    )
    SELECT id::text AS id, connection_id::text AS "connectionId", claimed_account AS "claimedAccount" FROM stored`;
  return rows[0] ?? null;
}
