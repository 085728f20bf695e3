import { getBoss, QUEUES } from "@/lib/jobs/boss";

export interface QueuedRequest {
  id: string;
  connectionId: string | null;
  claimedAccount: string | null;
}

/**
 * The job's singleton key is the request's lane: its connection, else its
 * claimed account. The queue is "stately" (one queued and one active job per
 * key), so a flood aimed at one link holds one worker and at most one queued
 * job: later requests wait in cfn_requests, and each finished job passes the
 * turn on (process-request.ts); the sweeper is the safety net.
 */
export function laneOf(request: QueuedRequest): string {
  if (request.connectionId) return `connection:${request.connectionId}`;
  if (request.claimedAccount) return `account:${request.claimedAccount}`;
  return `request:${request.id}`;
}

/** The sweeper's and the turn-passing path; the accept statement (accept-sql.ts) writes the same job in SQL: keep the two in step. */
export async function enqueueCfnRequest(request: QueuedRequest): Promise<void> {
  const boss = await getBoss();
  await boss.send(
    QUEUES.cfnRequest,
    { cfnRequestId: request.id },
    {
      singletonKey: laneOf(request),
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
      // AssumeRole retries for up to ~90 s, then the response PUT retries; a job whose
      // worker died is retried after this, within the template's 300 s ServiceTimeout.
      expireInSeconds: 3 * 60,
    },
  );
}
