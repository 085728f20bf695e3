/**
 * Create/Update: store the role, then prove it works — AssumeRole with the
 * External ID and GetCallerIdentity (retried while IAM propagates), then
 * AssumeRole WITHOUT it, which must fail (AWS's own advice against roles that
 * trust us without the External ID condition).
 */
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { recordEvent } from "@/lib/events";
import { acceptsWithoutExternalId, proveAccessWithRetry } from "@/lib/aws/assume-role";

export interface VerifyTimings {
  deadlineMs?: number;
  baseDelayMs?: number;
}

export type LinkOutcome = { ok: true } | { ok: false; reason: string };

export async function linkAndVerify(input: {
  connectionId: string;
  accountId: string;
  externalId: string;
  roleArn: string;
  stackId: string;
  physicalResourceId: string;
  connectUrl: string;
  timings?: VerifyTimings;
}): Promise<LinkOutcome> {
  await db.connection.update({
    where: { id: input.connectionId },
    data: { status: "verifying", roleArn: input.roleArn, stackId: input.stackId, physicalResourceId: input.physicalResourceId, lastError: null },
  });

  const started = Date.now();
  const proof = await proveAccessWithRetry(
    {
      roleArn: input.roleArn,
      externalId: input.externalId,
      expectedAccountId: input.accountId,
      sessionName: `rolelink-verify-${input.connectionId}`,
    },
    {
      deadlineMs: input.timings?.deadlineMs ?? getEnv().ASSUME_ROLE_RETRY_SECONDS * 1000,
      baseDelayMs: input.timings?.baseDelayMs ?? 2_000,
    },
  );
  const audit = { by: "system", reason: "onboarding", roleArn: input.roleArn, durationMs: Date.now() - started };
  if (!proof.ok) {
    await recordEvent({ connectionId: input.connectionId, kind: "verify.failed", actor: "system", detail: { ...audit, outcome: proof.code, message: proof.message } });
    return fail(input.connectionId, `${proof.message} Check that the stack kept the TrustedAccount and ExternalId from rolelink, or start again at ${input.connectUrl}`);
  }
  await recordEvent({
    connectionId: input.connectionId,
    kind: "verify.succeeded",
    actor: "system",
    detail: { ...audit, outcome: "ok", assumedRoleArn: proof.assumedRoleArn, expiresAt: proof.expiresAt.toISOString() },
  });

  if (await acceptsWithoutExternalId(input.roleArn)) {
    await recordEvent({ connectionId: input.connectionId, kind: "security.rejected", actor: "system", detail: { check: "role_accepts_no_external_id", roleArn: input.roleArn } });
    return fail(
      input.connectionId,
      "The role can be assumed without the External ID, which would expose you to the confused-deputy problem. Use the unmodified rolelink template.",
    );
  }

  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.connection.update({
      where: { id: input.connectionId },
      data: { status: "connected", connectedAt: now, lastVerifiedAt: now, lastVerifyOk: true, lastError: null },
    });
    await recordEvent({ connectionId: input.connectionId, kind: "connection.connected", actor: "system", detail: { roleArn: input.roleArn } }, tx);
  });
  return { ok: true };
}

async function fail(connectionId: string, reason: string): Promise<LinkOutcome> {
  await db.$transaction(async (tx) => {
    await tx.connection.update({
      where: { id: connectionId },
      data: { status: "failed", lastError: reason, lastVerifiedAt: new Date(), lastVerifyOk: false },
    });
    await recordEvent({ connectionId, kind: "connection.failed", actor: "system", detail: { reason } }, tx);
  });
  return { ok: false, reason };
}
