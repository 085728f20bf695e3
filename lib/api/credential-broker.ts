/**
 * The credential broker: short-lived credentials for one connection, for an
 * API key with `credentials:issue`. The External ID never leaves rolelink; the
 * customer's CloudTrail names the key (SourceIdentity), every issue and refusal
 * is an audit entry, and the credentials themselves are returned to the caller
 * only: never stored, never logged.
 */
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { issueSessionCredentials } from "@/lib/aws/assume-role";
import { sessionName, sourceIdentityFor } from "@/lib/aws/source-identity";
import type { TemporaryCredentials } from "@/lib/aws/clients";
import type { ApiPrincipal } from "./keys";
import { takeCredentialToken } from "./rate-limit";

export interface IssueRequest {
  connectionId: string;
  principal: ApiPrincipal;
  durationSeconds: number;
  policy?: object;
}

export type IssueOutcome =
  | { kind: "issued"; credentials: TemporaryCredentials & { expiration: Date } }
  | { kind: "not_found" }
  | { kind: "not_connected"; status: string }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "refused"; code: string; message: string };

/** What the customer's CloudTrail shows as the session's SourceIdentity: starts with "rolelink", names the key. */
export function brokerSourceIdentity(principal: Pick<ApiPrincipal, "prefix">): string {
  return sourceIdentityFor({ kind: "api-key", prefix: principal.prefix });
}

export async function issueConnectionCredentials(request: IssueRequest, now = () => new Date()): Promise<IssueOutcome> {
  const connection = await db.connection.findUnique({
    where: { id: request.connectionId },
    select: { id: true, status: true, roleArn: true, externalId: true, accountId: true, region: true },
  });
  if (!connection) return { kind: "not_found" };
  if (connection.status !== "connected" || !connection.roleArn) return { kind: "not_connected", status: connection.status };
  const rate = await takeCredentialToken(request.principal.keyId);
  if (!rate.ok) return { kind: "rate_limited", retryAfterSeconds: rate.retryAfterSeconds };

  const sourceIdentity = brokerSourceIdentity(request.principal);
  const actor = `api-key:${request.principal.prefix}`;
  const audit = {
    reason: "credentials",
    roleArn: connection.roleArn,
    keyId: request.principal.keyId,
    prefix: request.principal.prefix,
    keyName: request.principal.name,
    durationSeconds: request.durationSeconds,
    sourceIdentity,
    sessionPolicy: Boolean(request.policy),
  };
  const issued = await issueSessionCredentials({
    roleArn: connection.roleArn,
    externalId: connection.externalId,
    expectedAccountId: connection.accountId,
    sessionName: sessionName("rolelink-api", request.principal.prefix.replace(/^rlk_/, ""), Math.floor(now().getTime() / 1000)),
    sourceIdentity,
    durationSeconds: request.durationSeconds,
    policy: request.policy ? JSON.stringify(request.policy) : undefined,
    region: connection.region,
  });
  if (!issued.ok) {
    await recordEvent({
      connectionId: connection.id,
      kind: "credentials.refused",
      actor,
      detail: { ...audit, code: issued.code, message: issued.message },
    });
    return { kind: "refused", code: issued.code, message: issued.message };
  }
  await recordEvent({
    connectionId: connection.id,
    kind: "credentials.issued",
    actor,
    detail: { ...audit, assumedRoleArn: issued.assumedRoleArn, expiresAt: issued.credentials.expiration.toISOString() },
  });
  return { kind: "issued", credentials: issued.credentials };
}
