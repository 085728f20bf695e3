/**
 * SNS publish access for a customer's account, per configuration:
 * - per-account: AddPermission with a label per account (the classic flow);
 *   warns when the topic policy nears its limits (100 statements, 30 KB).
 * - open: the topic policy allows any account to publish (vendor setup);
 *   nothing is done per customer, and every message is treated as untrusted anyway.
 * An organization gets one statement (aws:PrincipalOrgID) once its management
 * account is confirmed, so members publish without a statement each.
 * Every policy change of a topic holds one database lock: the organization
 * statement is a read-modify-write of the whole policy, which must not lose a
 * concurrent AddPermission.
 */
import { grantPublish, inspectTopicPolicy, revokePublish } from "@/lib/aws/sns-access";
import { grantOrganizationPublish, revokeOrganizationPublish } from "@/lib/aws/sns-org-access";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { log } from "@/lib/log";

type Mode = "per-account" | "open";

/** Runs one change of the topic's policy while no other rolelink process changes it (an advisory lock held by a transaction). */
async function withTopicPolicyLock<T>(topicArn: string, change: () => Promise<T>): Promise<T> {
  // A transaction pins one connection; its advisory lock is released at commit, even if the call throws.
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sns-policy:${topicArn}`}))`;
      return change();
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

export async function ensurePublishAccess(input: { connectionId: string | null; topicArn: string; accountId: string; mode: Mode }) {
  if (input.mode === "open") return;
  await withTopicPolicyLock(input.topicArn, () => grantPublish(input.topicArn, input.accountId));
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
  await withTopicPolicyLock(input.topicArn, () => revokePublish(input.topicArn, input.accountId));
  await recordEvent({
    connectionId: input.connectionId,
    kind: "sns.access_revoked",
    actor: "system",
    detail: { topicArn: input.topicArn, accountId: input.accountId },
  });
}

/** Every account of the organization may publish to the topic (members phone home before rolelink knows them). */
export async function ensureOrganizationPublishAccess(input: { organizationLinkId: string; topicArn: string; organizationId: string; mode: Mode }) {
  if (input.mode === "open") return;
  await withTopicPolicyLock(input.topicArn, () => grantOrganizationPublish(input.topicArn, input.organizationId));
  await recordEvent({ kind: "sns.access_granted", actor: "system", detail: { topicArn: input.topicArn, organizationId: input.organizationId, organizationLinkId: input.organizationLinkId } });
}

/** Removes the organization's statement unless another live link of the same organization and region still needs it. */
export async function releaseOrganizationPublishAccess(input: { organizationLinkId: string; topicArn: string; organizationId: string; region: string; mode: Mode }) {
  if (input.mode === "open") return;
  const stillNeeded = await db.connection.count({
    where: {
      organizationLinkId: { not: input.organizationLinkId },
      organizationLink: { organizationId: input.organizationId, region: input.region },
      status: { in: ["pending", "verifying", "connected", "broken"] },
    },
  });
  if (stillNeeded > 0) return;
  await withTopicPolicyLock(input.topicArn, () => revokeOrganizationPublish(input.topicArn, input.organizationId));
  await recordEvent({ kind: "sns.access_revoked", actor: "system", detail: { topicArn: input.topicArn, organizationId: input.organizationId, organizationLinkId: input.organizationLinkId } });
}
