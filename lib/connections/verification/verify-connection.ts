/**
 * Proves access to one connection (AssumeRole + GetCallerIdentity, via
 * lib/aws/assume-role) on behalf of an admin or the scheduler, records the
 * outcome and actor in the audit log, and moves connected ⇄ broken.
 * Temporary credentials never leave proveAccess: nothing here sees them.
 */
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { proveAccess } from "@/lib/aws/assume-role";
import { sourceIdentityFor, sessionName } from "@/lib/aws/source-identity";
import { transition } from "../transition";
import { describeFailure } from "./verify-messages";

export type VerifyActor = { kind: "admin"; id: string; email: string } | { kind: "api"; keyPrefix: string } | { kind: "system" };
export type VerifyReason = "admin" | "schedule" | "fleet" | "api";

export type VerifyOutcome =
  | { ok: true; assumedRoleArn: string; accountId: string; expiresAt: Date }
  | { ok: false; code: string; message: string };

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
  const now = deps.now ?? (() => new Date());
  const proof = await (deps.prove ?? proveAccess)({
    roleArn: connection.roleArn,
    externalId: connection.externalId,
    expectedAccountId: connection.accountId,
    sessionName: verifySessionName(input.actor, now()),
    sourceIdentity: sourceIdentityOf(input.actor),
    durationSeconds: 900,
  });
  const actor = input.actor.kind === "admin" ? `admin:${input.actor.id}` : input.actor.kind === "api" ? `api-key:${input.actor.keyPrefix}` : "system";
  const by = input.actor.kind === "admin" ? input.actor.email : input.actor.kind === "api" ? `API key ${input.actor.keyPrefix}` : "system";
  const base = { by, reason: input.reason, roleArn: connection.roleArn };
  const at = now();

  if (proof.ok) {
    await db.$transaction(async (tx) => {
      await tx.connection.update({ where: { id: connection.id }, data: { lastVerifiedAt: at, lastVerifyOk: true, lastError: null } });
      await recordEvent(
        {
          connectionId: connection.id,
          kind: "verify.succeeded",
          actor,
          detail: { ...base, outcome: "ok", assumedRoleArn: proof.assumedRoleArn, expiresAt: proof.expiresAt.toISOString() },
        },
        tx,
      );
      // Only a broken connection recovers; failed/verifying belong to the stack's requests.
      if (connection.status === "broken") {
        await transition({ connectionId: connection.id, to: "connected", from: ["broken"], event: { kind: "connection.connected", actor, detail: { reason: "verification succeeded" } } }, tx);
      }
    });
    return { ok: true, assumedRoleArn: proof.assumedRoleArn, accountId: proof.accountId, expiresAt: proof.expiresAt };
  }

  const message = describeFailure(proof.code);
  await db.$transaction(async (tx) => {
    await tx.connection.update({ where: { id: connection.id }, data: { lastVerifiedAt: at, lastVerifyOk: false, lastError: message } });
    await recordEvent(
      { connectionId: connection.id, kind: "verify.failed", actor, detail: { ...base, outcome: "failed", code: proof.code, message, awsMessage: proof.message.slice(0, 500) } },
      tx,
    );
    // Throttling and network trouble say nothing about the role: do not mark it broken.
    if (proof.code === "throttled" || proof.code === "network" || connection.status !== "connected") return;
    await transition({ connectionId: connection.id, to: "broken", from: ["connected"], event: { kind: "connection.broken", actor, detail: { reason: message, code: proof.code } } }, tx);
  });
  return { ok: false, code: proof.code, message };
}
