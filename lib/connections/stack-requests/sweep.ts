/**
 * Re-queues stored custom resource requests that have no live job: the process
 * died between committing the request and queueing it, a job gave up, or a
 * request waited behind another and its turn was not passed on.
 * Safe to run any time: processing is idempotent and the job key is unique.
 * Grace is measured from the last attempt (or arrival), not from creation, so
 * a request being retried is not queued twice.
 */
import { db } from "@/lib/db";
import { enqueueCfnRequest, type QueuedRequest } from "./enqueue";
import { PROCESSING_LEASE_MS } from "./claim";

/** A request still "received" this long after arriving (or its last attempt) lost its job. */
const RECEIVED_GRACE_MS = 30_000;

export async function sweepStoredRequests(now = new Date()): Promise<number> {
  const stuck = await db.$queryRaw<QueuedRequest[]>`
    SELECT id::text AS id, connection_id::text AS "connectionId", claimed_account AS "claimedAccount" FROM cfn_requests
    WHERE (state = 'received' AND coalesce(last_attempt_at, created_at) < ${new Date(now.getTime() - RECEIVED_GRACE_MS)})
       OR (state = 'processing' AND coalesce(last_attempt_at, created_at) < ${new Date(now.getTime() - PROCESSING_LEASE_MS)})
    ORDER BY created_at
    LIMIT 500`;
  for (const request of stuck) await enqueueCfnRequest(request);
  return stuck.length;
}
