/**
 * Accepting a CloudFormation custom resource request from SNS: record the
 * MessageId, the request and its timeline event atomically, answer SNS at
 * once, and leave the slow part (AssumeRole with retries, the response PUT) to
 * a durable job, queued in the same statement (./accept-sql.ts): acceptance
 * is one round trip.
 */
import { sql } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { log } from "@/lib/log";
import { parseCustomResourceRequest } from "@/lib/cfn/custom-resource";
import type { VerifiedSnsMessage } from "@/lib/sns/verify";
import { acceptQuery, type AcceptedRow } from "./accept-sql";

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

  // The job table must exist before the statement writes to it: pg-boss creates it on first start (once per process).
  await getBoss();
  const rows = await sql<AcceptedRow>(
    acceptQuery({ messageId: message.MessageId, type: message.Type, topicArn: message.TopicArn, request }),
  );
  // No row: an SNS retry, already stored and queued. A row with no job: its lane already had one queued.
  return rows[0] ? { kind: "accepted" } : { kind: "duplicate" };
}
