/**
 * The static checks on a custom resource request, before anything is asked
 * of AWS. Its properties are untrusted: anyone allowed to publish to our topic
 * can send any of them, and the External ID is not a secret. Passing here only
 * means the request is worth confirming inside the customer's account.
 */
import { parseRoleArn, parseStackId } from "@/lib/aws/identifiers";
import type { CustomResourceRequest } from "@/lib/cfn/custom-resource";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

export interface ConnectionForCheck {
  id: string;
  accountId: string;
  region: string;
  status: ConnectionStatus;
  stackId: string | null;
  roleArn: string | null;
  physicalResourceId: string | null;
}

export interface Refusal {
  check: string;
  /** For whoever created the stack: shown in their CloudFormation console (and, on a waiting link, on the connect page). */
  reason: string;
  /** For the link's owner, when it should say more than the Reason (which a stranger's stack may also see). */
  diagnosis?: string;
}

export type CheckResult = { ok: true; roleArn: string } | ({ ok: false } & Refusal);

export function masked(accountId: string): string {
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
  const stack = parseStackId(request.StackId);
  const role = props.RoleArn ? parseRoleArn(props.RoleArn) : null;
  const refuse = (check: string, reason: string, diagnosis?: string): CheckResult => ({
    ok: false,
    check,
    reason,
    ...(diagnosis ? { diagnosis } : {}),
  });

  if (!connection) {
    const claimed = props.AccountID ?? stack?.accountId ?? "unknown";
    return refuse(
      "unknown_external_id",
      `This External ID was not issued by rolelink for account ${masked(claimed)}; start again at ${connectUrl}`,
    );
  }
  if (!stack || !role) return refuse("malformed_ids", `The stack did not send a valid role ARN; start again at ${connectUrl}`);
  if (stack.accountId !== connection.accountId) {
    return refuse(
      "account_mismatch",
      `This stack runs in account ${masked(stack.accountId)}, but the link was made for account ${masked(connection.accountId)}. ` +
        `Sign in to the account you entered, or start again at ${connectUrl}`,
      // The owner knows both accounts: say them in full, and what to do.
      `A stack for this link was created in AWS account ${stack.accountId}, but this link is for account ${connection.accountId}. ` +
        `Delete that stack, sign in to account ${connection.accountId} in the AWS console, and click Launch Stack again.`,
    );
  }
  if (props.AccountID !== connection.accountId || role.accountId !== connection.accountId) {
    return refuse(
      "role_account_mismatch",
      `The role or account the stack sent is not the account of this link; start again at ${connectUrl}`,
    );
  }
  if (stack.region !== topicRegion || connection.region !== topicRegion) {
    const where = stack.region === connection.region ? `reached rolelink's ${topicRegion} topic` : `runs in ${stack.region}`;
    return refuse(
      "region_mismatch",
      `This stack ${where} but the link was made for ${connection.region}; launch it in ${connection.region} without editing SnsTopicArn, or start again at ${connectUrl}`,
    );
  }
  if (connection.status === "disconnected") {
    return refuse("link_closed", `This launch link was cancelled or its stack deleted; start again at ${connectUrl}`);
  }
  const otherStack = connection.stackId !== null && connection.stackId !== request.StackId;
  if (request.RequestType === "Create" && otherStack && (connection.status === "connected" || connection.status === "broken")) {
    return refuse(
      "already_connected",
      `This account is already connected through another stack; start again at ${connectUrl} for a new link`,
    );
  }
  if (request.RequestType === "Create" && otherStack && connection.status === "verifying") {
    return refuse(
      "another_stack_verifying",
      `Another stack is being verified for this link right now; wait for it, or start again at ${connectUrl}`,
    );
  }
  if (request.RequestType === "Update") {
    // Only the stack that made the link may change it.
    if (connection.stackId !== request.StackId)
      return refuse("update_from_other_stack", `This stack is not the one connected with this link; start again at ${connectUrl}`);
    if (connection.status !== "connected" && connection.status !== "broken") {
      return refuse(
        "update_before_connected",
        `This link is not connected yet, so there is nothing to update; start again at ${connectUrl}`,
      );
    }
  }
  return { ok: true, roleArn: props.RoleArn! };
}

/** A Delete may concern only the connection its own stack created, and only the resource we answered for. */
export function checkDelete(
  request: CustomResourceRequest,
  connection: ConnectionForCheck | null,
): { ok: true } | { ok: false; check: string } {
  if (!connection) return { ok: false, check: "unknown_external_id" };
  const stack = parseStackId(request.StackId);
  if (!stack || stack.accountId !== connection.accountId) return { ok: false, check: "delete_from_foreign_account" };
  if (connection.stackId !== null && connection.stackId !== request.StackId) return { ok: false, check: "delete_from_foreign_stack" };
  // An Update that replaced the resource deletes the old one; ours never changes, so another id is not ours.
  if (connection.physicalResourceId && request.PhysicalResourceId !== connection.physicalResourceId)
    return { ok: false, check: "delete_of_other_resource" };
  return { ok: true };
}
