/**
 * Writes the outcomes of verifications, one or a whole batch, in the caller's
 * transaction: the connections' last-verified columns in one UPDATE, the
 * audit events in one INSERT, and the status moves (connected ⇄ broken)
 * through transitionMany, which keeps transition()'s guards, events and
 * webhook outbox rows. A single "Verify" and a fleet batch of 100 accounts
 * therefore write exactly the same rows.
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import type { AccessProof } from "@/lib/aws/assume-role";
import { recordEvents, type NewEvent } from "@/lib/events";
import { transitionMany, type BatchTransitionInput } from "../transition";
import { describeFailure } from "./verify-messages";
import type { VerifyActor, VerifyOutcome, VerifyReason } from "./verify-types";

type Tx = Prisma.TransactionClient;

/** What a verification looked at: the row as read before proving access. */
export interface VerifyTarget {
  id: string;
  accountId: string;
  roleArn: string;
  externalId: string;
  status: ConnectionStatus;
}

export interface ProvenAccess {
  target: VerifyTarget;
  proof: AccessProof;
  at: Date;
  /** A throttled attempt that will be tried again: audited, but not the connection's outcome. */
  retried?: boolean;
}

export function actorOf(actor: VerifyActor): string {
  return actor.kind === "admin" ? `admin:${actor.id}` : actor.kind === "api" ? `api-key:${actor.keyPrefix}` : "system";
}

function byOf(actor: VerifyActor): string {
  return actor.kind === "admin" ? actor.email : actor.kind === "api" ? `API key ${actor.keyPrefix}` : "system";
}

export function outcomeOf(proof: AccessProof): VerifyOutcome {
  return proof.ok
    ? { ok: true, assumedRoleArn: proof.assumedRoleArn, accountId: proof.accountId, expiresAt: proof.expiresAt }
    : { ok: false, code: proof.code, message: describeFailure(proof.code) };
}

export async function recordVerifications(
  input: { actor: VerifyActor; reason: VerifyReason },
  results: readonly ProvenAccess[],
  tx: Tx,
): Promise<VerifyOutcome[]> {
  if (results.length === 0) return [];
  const actor = actorOf(input.actor);
  const by = byOf(input.actor);
  const outcomes = results.map((r) => outcomeOf(r.proof));
  const events: NewEvent[] = [];
  const moves: BatchTransitionInput[] = [];
  results.forEach(({ target, proof }, i) => {
    const outcome = outcomes[i]!;
    const base = { by, reason: input.reason, roleArn: target.roleArn };
    if (proof.ok) {
      events.push({
        connectionId: target.id,
        kind: "verify.succeeded",
        actor,
        detail: { ...base, outcome: "ok", assumedRoleArn: proof.assumedRoleArn, expiresAt: proof.expiresAt.toISOString() },
      });
      // Only a broken connection recovers; failed/verifying belong to the stack's requests.
      if (target.status === "broken") {
        moves.push({
          connectionId: target.id,
          to: "connected",
          from: ["broken"],
          event: { kind: "connection.connected", actor, detail: { reason: "verification succeeded" } },
        });
      }
      return;
    }
    const message = outcome.ok ? "" : outcome.message;
    events.push({
      connectionId: target.id,
      kind: "verify.failed",
      actor,
      detail: { ...base, outcome: "failed", code: proof.code, message, awsMessage: proof.message.slice(0, 500) },
    });
    // Throttling and network trouble say nothing about the role: do not mark it broken.
    if (proof.code === "throttled" || proof.code === "network" || target.status !== "connected") return;
    moves.push({
      connectionId: target.id,
      to: "broken",
      from: ["connected"],
      event: { kind: "connection.broken", actor, detail: { reason: message, code: proof.code } },
    });
  });

  // A connection's last attempt in the batch is its state (UPDATE … FROM would pick any of several).
  const last = new Map<string, number>();
  results.forEach((r, i) => last.set(r.target.id, i));
  const latest = [...last.values()].sort((a, b) => a - b);
  await tx.$executeRaw`
    UPDATE connections c
    SET last_verified_at = v.at, last_verify_ok = v.ok, last_error = v.error, updated_at = now()
    FROM unnest(
      ${latest.map((i) => results[i]!.target.id)}::uuid[],
      ${latest.map((i) => results[i]!.at.toISOString())}::timestamptz[],
      ${latest.map((i) => outcomes[i]!.ok)}::boolean[],
      ${latest.map((i) => {
        const o = outcomes[i]!;
        return o.ok ? null : o.message;
      })}::text[]
    ) AS v(id, at, ok, error)
    WHERE c.id = v.id`;
  await recordEvents(events, tx);
  await transitionMany(moves, tx);
  return outcomes;
}
