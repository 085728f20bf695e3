/**
 * Proves access to one connection on demand (an admin's "Verify access", the
 * API): AssumeRole + GetCallerIdentity via lib/aws/assume-role, records the
 * outcome and actor in the audit log, and moves connected ⇄ broken. The fleet
 * (verify-fleet.ts) names its calls with proveInputFor too, but makes the
 * AssumeRole call alone (proveAssumable).
 * Temporary credentials never leave proveAccess: nothing here sees them.
 */
import { db } from "@/lib/db";
import { proveAccess, type ProveAccessInput } from "@/lib/aws/assume-role";
import { sourceIdentityFor, sessionName } from "@/lib/aws/source-identity";
import { recordVerifications, type VerifyTarget } from "./record-verifications";
import type { VerifyActor, VerifyOutcome, VerifyReason } from "./verify-types";

export type { VerifyActor, VerifyOutcome, VerifyReason } from "./verify-types";

type Prove = typeof proveAccess;

/** RoleSessionName `rolelink-<actor>-<unix time>`, within STS's 64 characters. */
export function verifySessionName(actor: VerifyActor, now = new Date()): string {
  const who = actor.kind === "admin" ? actor.id.replace(/[^\w]/g, "").slice(0, 8) : actor.kind === "api" ? actor.keyPrefix : "system";
  return sessionName("rolelink", who, Math.floor(now.getTime() / 1000));
}

/** The SourceIdentity the customer's CloudTrail shows; an API key is named like the credential broker names it. */
function sourceIdentityOf(actor: VerifyActor): string {
  if (actor.kind === "admin") return sourceIdentityFor({ kind: "admin", email: actor.email });
  if (actor.kind === "api") return sourceIdentityFor({ kind: "api-key", prefix: actor.keyPrefix });
  return sourceIdentityFor({ kind: "system" });
}

/** The STS input for one connection, named for its actor (session name, SourceIdentity). */
export function proveInputFor(target: VerifyTarget, actor: VerifyActor, now: Date): ProveAccessInput {
  return {
    roleArn: target.roleArn,
    externalId: target.externalId,
    expectedAccountId: target.accountId,
    sessionName: verifySessionName(actor, now),
    sourceIdentity: sourceIdentityOf(actor),
    durationSeconds: 900,
  };
}

export async function verifyConnection(
  input: { connectionId: string; actor: VerifyActor; reason: VerifyReason },
  deps: { prove?: Prove; now?: () => Date } = {},
): Promise<VerifyOutcome> {
  const connection = await db.connection.findUnique({
    where: { id: input.connectionId },
    select: { id: true, accountId: true, roleArn: true, externalId: true, status: true },
  });
  if (!connection) return { ok: false, code: "not_found", message: "That connection was not found." };
  if (!connection.roleArn || connection.status === "disconnected" || connection.status === "pending") {
    return { ok: false, code: "not_verifiable", message: "This connection has no active role to verify." };
  }
  const target: VerifyTarget = { ...connection, roleArn: connection.roleArn };
  const now = deps.now ?? (() => new Date());
  const proof = await (deps.prove ?? proveAccess)(proveInputFor(target, input.actor, now()));
  const [outcome] = await db.$transaction((tx) => recordVerifications(input, [{ target, proof, at: now() }], tx));
  return outcome!;
}
