/**
 * The custom resource request's properties are untrusted: anyone allowed to
 * publish to our topic can send any of them. A request may touch a connection
 * only if everything agrees with what we issued: the External ID belongs to a
 * connection of that account, and the request's AccountID, the RoleArn's
 * account and the StackId's account all equal it, in the topic's region.
 */
import { parseRoleArn, parseStackId, type CustomResourceRequest } from "@/lib/cfn/custom-resource";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

export interface ConnectionForCheck {
  id: string;
  accountId: string;
  region: string;
  status: ConnectionStatus;
  stackId: string | null;
}

export type CheckResult =
  | { ok: true; roleArn: string }
  | { ok: false; reason: string; security: Record<string, string | null> };

function masked(accountId: string): string {
  return `${accountId.slice(0, 4)}…`;
}

export function checkCreateOrUpdate(input: {
  request: CustomResourceRequest;
  topicRegion: string;
  connection: ConnectionForCheck | null;
  connectUrl: string;
}): CheckResult {
  const { request, topicRegion, connection, connectUrl } = input;
  const props = request.ResourceProperties;
  const stack = safe(() => parseStackId(request.StackId));
  const role = props.RoleArn ? safe(() => parseRoleArn(props.RoleArn!)) : null;
  const claimed = props.AccountID ?? stack?.accountId ?? "unknown";
  const security = {
    check: "",
    externalId: props.ExternalID ?? null,
    claimedAccount: props.AccountID ?? null,
    stackId: request.StackId,
    roleArn: props.RoleArn ?? null,
  };
  const refuse = (check: string, reason: string): CheckResult => ({ ok: false, reason, security: { ...security, check } });

  if (!connection) {
    return refuse(
      "unknown_external_id",
      `This External ID was not issued by rolelink for account ${masked(claimed)}; start again at ${connectUrl}`,
    );
  }
  if (!stack || !role) return refuse("malformed_ids", `The stack did not send a valid role ARN; start again at ${connectUrl}`);
  const accounts = [props.AccountID, role.accountId, stack.accountId];
  if (accounts.some((account) => account !== connection.accountId)) {
    return refuse(
      "account_mismatch",
      `This External ID was not issued by rolelink for account ${masked(stack.accountId)}; start again at ${connectUrl}`,
    );
  }
  if (stack.region !== topicRegion || connection.region !== topicRegion) {
    return refuse(
      "region_mismatch",
      `This stack runs in ${stack.region} but the link was made for ${connection.region}; start again at ${connectUrl}`,
    );
  }
  if (connection.status === "disconnected") {
    return refuse("link_closed", `This launch link was cancelled or its stack deleted; start again at ${connectUrl}`);
  }
  if (request.RequestType === "Create" && connection.stackId && connection.stackId !== request.StackId && connection.status === "connected") {
    return refuse("already_connected", `This account is already connected through another stack; start again at ${connectUrl} for a new link`);
  }
  return { ok: true, roleArn: props.RoleArn! };
}

/** A Delete may disconnect only the connection its own stack created. */
export function deleteMatches(request: CustomResourceRequest, connection: ConnectionForCheck | null): boolean {
  if (!connection) return false;
  const stack = safe(() => parseStackId(request.StackId));
  if (!stack || stack.accountId !== connection.accountId) return false;
  return connection.stackId === null || connection.stackId === request.StackId;
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
