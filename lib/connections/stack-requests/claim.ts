/**
 * Who may process a stored request now. Fairness under hostile load: at most
 * one request per connection in flight, at most PER_ACCOUNT_IN_FLIGHT per
 * claimed account, so one account's slow requests (roles that never become
 * assumable) cannot hold every worker while other customers' stacks wait.
 * Attempts are bounded: past MAX_ATTEMPTS a request is parked as
 * response_failed for an admin, never retried forever.
 */
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import type { QueuedRequest } from "./enqueue";
import { announceProgress } from "../live/announce";

export const MAX_ATTEMPTS = 6;
export const PER_ACCOUNT_IN_FLIGHT = 2;
/** A "processing" row whose last attempt is older than this was abandoned by a dead worker (jobs expire after 3 min). */
export const PROCESSING_LEASE_MS = 4 * 60_000;

export type Claim =
  | { kind: "claimed"; attempt: number }
  /** Another request of the same connection or account is in flight: this one waits its turn. */
  | { kind: "busy" }
  /** Answered, rejected or parked already. */
  | { kind: "finished" }
  | { kind: "parked" };

interface Row {
  state: string;
  attempts: number;
  connection_id: string | null;
  claimed_account: string | null;
}

export async function claimRequest(cfnRequestId: string, now = new Date()): Promise<Claim> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Row[]>`
      SELECT state, attempts, connection_id::text, claimed_account FROM cfn_requests WHERE id = ${cfnRequestId}::uuid FOR UPDATE`;
    if (!row || (row.state !== "received" && row.state !== "processing")) return { kind: "finished" };
    // Locks in a fixed order (account, then connection) make check-then-claim atomic across workers.
    if (row.claimed_account) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`cfn-account:${row.claimed_account}`}))`;
    if (row.connection_id) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`cfn-connection:${row.connection_id}`}))`;
    const leaseStart = new Date(now.getTime() - PROCESSING_LEASE_MS);
    const [busy] = await tx.$queryRaw<Array<{ same_connection: number; same_account: number }>>`
      SELECT count(*) FILTER (WHERE connection_id::text = ${row.connection_id})::int AS same_connection,
             count(*) FILTER (WHERE claimed_account = ${row.claimed_account})::int AS same_account
      FROM cfn_requests
      WHERE state = 'processing' AND id <> ${cfnRequestId}::uuid AND last_attempt_at > ${leaseStart}
        AND (connection_id::text = ${row.connection_id} OR claimed_account = ${row.claimed_account})`;
    if (busy && (busy.same_connection > 0 || busy.same_account >= PER_ACCOUNT_IN_FLIGHT)) return { kind: "busy" };
    if (row.attempts >= MAX_ATTEMPTS) {
      await tx.cfnRequest.update({ where: { id: cfnRequestId }, data: { state: "response_failed" } });
      await recordEvent(
        { connectionId: row.connection_id, kind: "cfn.request_parked", actor: "system", detail: { attempts: row.attempts, cfnRequestId } },
        tx,
      );
      return { kind: "parked" };
    }
    await tx.cfnRequest.update({
      where: { id: cfnRequestId },
      data: { state: "processing", attempts: { increment: 1 }, lastAttemptAt: now },
    });
    // The customer's page moves to "Stack launched" as the worker takes the request up.
    if (row.connection_id) await announceProgress(tx, row.connection_id, null);
    return { kind: "claimed", attempt: row.attempts + 1 };
  });
}

/**
 * The next requests whose turn this one held: the oldest waiting in the same
 * lane (same connection; or, for requests naming no connection, the same
 * claimed account), and the oldest waiting in another lane of the same account.
 */
export async function waitingBehind(cfnRequestId: string): Promise<QueuedRequest[]> {
  return db.$queryRaw<QueuedRequest[]>`
    (SELECT w.id::text AS id, w.connection_id::text AS "connectionId", w.claimed_account AS "claimedAccount"
       FROM cfn_requests w JOIN cfn_requests d ON d.id = ${cfnRequestId}::uuid
      WHERE w.state = 'received' AND w.id <> d.id
        AND (w.connection_id = d.connection_id OR (d.connection_id IS NULL AND w.connection_id IS NULL AND w.claimed_account = d.claimed_account))
      ORDER BY w.created_at LIMIT 1)
    UNION
    (SELECT w.id::text, w.connection_id::text, w.claimed_account
       FROM cfn_requests w JOIN cfn_requests d ON d.id = ${cfnRequestId}::uuid
      WHERE w.state = 'received' AND w.id <> d.id AND w.claimed_account = d.claimed_account
        AND w.connection_id IS DISTINCT FROM d.connection_id
      ORDER BY w.created_at LIMIT 1)`;
}
