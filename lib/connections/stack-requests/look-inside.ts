/** One look at the request's stack from inside the customer's account, with this link's External ID. */
import { parseStackId } from "@/lib/aws/identifiers";
import { sourceIdentityFor } from "@/lib/aws/source-identity";
import type { AccessProof } from "@/lib/aws/assume-role";
import { viewStackFromInside, type InsideView } from "@/lib/aws/stack-reader";
import { recordEvent } from "@/lib/events";
import type { ConnectionForRequest, RequestContext } from "./context";

export function lookInside(
  ctx: RequestContext,
  link: ConnectionForRequest,
  input: {
    roleArn: string;
    stackId: string;
    /** Names the session in the customer's CloudTrail: rolelink-<purpose>-<link id>. */
    purpose: "verify" | "update" | "delete";
    /** A new role needs IAM propagation time; an existing one does not (and a flood must not hold a worker). */
    newRole: boolean;
  },
): Promise<InsideView> {
  const { timings } = ctx;
  return viewStackFromInside(
    {
      roleArn: input.roleArn,
      externalId: link.externalId,
      expectedAccountId: link.accountId,
      sessionName: `rolelink-${input.purpose}-${link.id}`,
      sourceIdentity: sourceIdentityFor({ kind: "onboarding" }),
      stackId: input.stackId,
      stackRegion: parseStackId(ctx.request.StackId)!.region,
      logicalResourceId: ctx.request.LogicalResourceId,
    },
    {
      deadlineMs: input.newRole ? timings.createDeadlineMs : timings.existingRoleDeadlineMs,
      baseDelayMs: timings.baseDelayMs,
      // A denied describe right after a new role was assumed may be its policy still propagating.
      deniedRetries: input.purpose === "delete" ? 0 : timings.deniedRetries,
      deniedDelayMs: timings.deniedDelayMs,
    },
  );
}

/** Why and how long rolelink looked inside, as the link's timeline shows it. */
export interface LookAudit {
  by: string;
  reason: string;
  roleArn: string;
  durationMs: number;
}

/** The proof of access (or its failure) in the link's timeline. */
export async function recordAccess(connectionId: string, audit: LookAudit, access: AccessProof): Promise<void> {
  await recordEvent(
    access.ok
      ? {
          connectionId,
          kind: "verify.succeeded",
          actor: "system",
          detail: { ...audit, outcome: "ok", assumedRoleArn: access.assumedRoleArn, expiresAt: access.expiresAt.toISOString() },
        }
      : { connectionId, kind: "verify.failed", actor: "system", detail: { ...audit, outcome: access.code, message: access.message } },
  );
}
