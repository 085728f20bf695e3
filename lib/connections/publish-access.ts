/**
 * SNS publish access for a customer's account, per configuration:
 * - per-account: AddPermission with a label per account (the classic flow);
 *   warns when the topic policy nears its limits (100 statements, 30 KB).
 * - open: the topic policy allows any account to publish (vendor setup);
 *   nothing is done per customer, and every message is treated as untrusted anyway.
 */
import { grantPublish, inspectTopicPolicy, revokePublish } from "@/lib/aws/sns-access";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { log } from "@/lib/log";

type Mode = "per-account" | "open";

export async function ensurePublishAccess(input: { connectionId: string; topicArn: string; accountId: string; mode: Mode }) {
  if (input.mode === "open") return;
  await grantPublish(input.topicArn, input.accountId);
  await recordEvent({
    connectionId: input.connectionId,
    kind: "sns.access_granted",
    actor: "system",
    detail: { topicArn: input.topicArn, accountId: input.accountId },
  });
  const policy = await inspectTopicPolicy(input.topicArn).catch(() => null);
  if (policy?.nearLimit) {
    log.warn("SNS topic policy near its limits: consider SNS_PUBLISH_ACCESS=open", { topicArn: input.topicArn, ...policy });
    await recordEvent({ kind: "sns.policy_near_limit", actor: "system", detail: { topicArn: input.topicArn, ...policy } });
  }
}

/**
 * Revokes the account's permission unless another live connection of the same
 * account still needs it (the label is per account, not per connection).
 */
export async function releasePublishAccess(input: { connectionId: string; topicArn: string; accountId: string; region: string; mode: Mode }) {
  if (input.mode === "open") return;
  const stillNeeded = await db.connection.count({
    where: {
      accountId: input.accountId,
      region: input.region,
      id: { not: input.connectionId },
      status: { in: ["pending", "verifying", "connected", "broken"] },
    },
  });
  if (stillNeeded > 0) return;
  await revokePublish(input.topicArn, input.accountId);
  await recordEvent({
    connectionId: input.connectionId,
    kind: "sns.access_revoked",
    actor: "system",
    detail: { topicArn: input.topicArn, accountId: input.accountId },
  });
}
