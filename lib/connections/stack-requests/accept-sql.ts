/**
 * The whole durable part of accepting a CloudFormation request from SNS, as
 * ONE SQL statement (one round trip, atomic): the MessageId dedupe insert
 * gates the rest, so a retried delivery stores nothing; then the stored
 * request, its timeline event and its pg-boss job. The job row is written
 * here rather than by a second `boss.send` round trip; its columns are what
 * enqueueCfnRequest (./enqueue.ts) gives the same job (lane as singleton key,
 * 5 retries with backoff from 5 s, 3-minute expiry), and ON CONFLICT DO
 * NOTHING is pg-boss's own answer when the lane already has a queued job (the
 * request then waits its turn in cfn_requests; the sweeper is the safety net).
 *
 * Plain SQL text with positional parameters and no imports beyond pure
 * helpers, run through `pg` directly (sql() in lib/db.ts, skipping Prisma's
 * per-query compile), so the bench's durable floor
 * (bench/durable-floor-server.ts) runs exactly this statement the same way.
 */
import { parseStackId } from "@/lib/aws/identifiers";

/** The fields of the SNS message and the custom resource request the statement stores. */
export interface AcceptFields {
  messageId: string;
  type: string;
  topicArn: string;
  request: {
    RequestType: string;
    RequestId: string;
    StackId: string;
    LogicalResourceId: string;
    ResourceProperties?: { ExternalID?: string | null } | null;
  };
}

export const ACCEPT_REQUEST_SQL = `
WITH seen AS (
  INSERT INTO sns_messages (message_id, type, topic_arn)
  VALUES ($1, $2, $3)
  ON CONFLICT (message_id) DO NOTHING
  RETURNING message_id
), stored AS (
  INSERT INTO cfn_requests (id, message_id, request_type, request_id, stack_id, logical_resource_id, claimed_account, connection_id, payload)
  SELECT gen_random_uuid(), seen.message_id, $4, $5, $6, $7, $8::text,
         -- A single account's link, or the live member connection of the stack's account (members share their organization's External ID).
         (SELECT c.id FROM connections c
           WHERE c.external_id = $9
             AND (c.organization_link_id IS NULL OR (c.account_id = $8::text AND c.status <> 'disconnected'))
           ORDER BY c.organization_link_id NULLS FIRST LIMIT 1),
         $10::jsonb
  FROM seen
  RETURNING id, connection_id, claimed_account
), event AS (
  INSERT INTO events (connection_id, kind, actor, detail)
  SELECT stored.connection_id, 'cfn.request_received', 'sns', $11::jsonb FROM stored
), job AS (
  INSERT INTO pgboss.job (name, data, singleton_key, expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy, dead_letter)
  SELECT q.name, jsonb_build_object('cfnRequestId', stored.id::text),
         COALESCE('connection:' || stored.connection_id::text, 'account:' || stored.claimed_account, 'request:' || stored.id::text),
         interval '180 seconds',
         now() + CAST(COALESCE((q.retention_minutes * 60)::text, '14 days') AS interval),
         5, 5, true, q.policy, q.dead_letter
  FROM stored JOIN pgboss.queue q ON q.name = 'cfn-request'
  ON CONFLICT DO NOTHING
  RETURNING id
)
SELECT id::text AS id, connection_id::text AS "connectionId", claimed_account::text AS "claimedAccount", (SELECT count(*)::int FROM job) AS queued FROM stored`;

/**
 * The statement with its values, as a named (prepared) statement: each pooled
 * connection parses and plans it once, not on every delivery.
 */
export function acceptQuery(fields: AcceptFields): { name: string; text: string; values: unknown[] } {
  return { name: "accept-cfn-request-v1", text: ACCEPT_REQUEST_SQL, values: acceptParams(fields) };
}

function acceptParams(fields: AcceptFields): unknown[] {
  const { request } = fields;
  const payload = JSON.stringify({ topicArn: fields.topicArn, request });
  const detail = JSON.stringify({ requestType: request.RequestType, stackId: request.StackId, messageId: fields.messageId });
  return [
    fields.messageId,
    fields.type,
    fields.topicArn,
    request.RequestType,
    request.RequestId,
    request.StackId,
    request.LogicalResourceId,
    parseStackId(request.StackId)?.accountId ?? null,
    request.ResourceProperties?.ExternalID ?? null,
    payload,
    detail,
  ];
}

export interface AcceptedRow {
  id: string;
  connectionId: string | null;
  claimedAccount: string | null;
  queued: number;
}
