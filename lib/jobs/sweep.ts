/**
 * Re-queues stored custom resource requests that have no live job: the process
 * died between committing the request and queueing it, or a job gave up.
 * Safe to run any time: processing is idempotent and the job key is unique.
 */
import { db } from "@/lib/db";
import { enqueueCfnRequest } from "./enqueue";

/** A request still "received" this long after arriving lost its job. */
const RECEIVED_GRACE_MS = 30_000;
/** A "processing" one this long was abandoned by a dead worker (jobs expire after 3 min). */
const PROCESSING_GRACE_MS = 4 * 60_000;

export async function sweepStoredRequests(now = new Date()): Promise<number> {
  const stuck = await db.cfnRequest.findMany({
    where: {
      OR: [
        { state: "received", createdAt: { lt: new Date(now.getTime() - RECEIVED_GRACE_MS) } },
        { state: "processing", createdAt: { lt: new Date(now.getTime() - PROCESSING_GRACE_MS) } },
      ],
    },
    select: { id: true },
    take: 500,
  });
  for (const { id } of stuck) await enqueueCfnRequest(id);
  return stuck.length;
}
