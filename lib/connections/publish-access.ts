/**
 * SNS publish access for a customer's account, per configuration:
 * - per-account: AddPermission with a label per account (the classic flow);
 *   warns when the topic policy nears its limits (100 statements, 30 KB).
 * - open: the topic policy allows any account to publish (vendor setup);
 *   nothing is done per customer, and every message is treated as untrusted anyway.
 * An organization gets one statement (aws:PrincipalOrgID) once its management
 * account is confirmed, so members publish without a statement each. That
 * statement is a read-modify-write of the whole policy, which could overwrite
 * an AddPermission made in between: afterwards every account the database
 * says should publish is granted again (idempotent), so none is lost. (Every
 * grant is made after its connection row exists, so the re-grant sees it.)
 */
import { grantPublish, inspectTopicPolicy, inspectTopicPolicyLabels, publishLabel, revokePublish } from "@/lib/aws/sns-access";
import { grantOrganizationPublish, revokeOrganizationPublish } from "@/lib/aws/sns-org-access";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { log } from "@/lib/log";

type Mode = "per-account" | "open";

export async function ensurePublishAccess(input: { connectionId: string | null; topicArn: string; accountId: string; mode: Mode }) {
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
export async function releasePublishAccess(input: {
  connectionId: string;
  topicArn: string;
  accountId: string;
  region: string;
  mode: Mode;
}) {
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

/** Every account of the organization may publish to the topic (members phone home before rolelink knows them). */
export async function ensureOrganizationPublishAccess(input: {
  organizationLinkId: string;
  topicArn: string;
  organizationId: string;
  region: string;
  mode: Mode;
}) {
  if (input.mode === "open") return;
  await grantOrganizationPublish(input.topicArn, input.organizationId);
  await regrantLiveAccounts(input.topicArn, input.region);
  await recordEvent({
    kind: "sns.access_granted",
    actor: "system",
    detail: { topicArn: input.topicArn, organizationId: input.organizationId, organizationLinkId: input.organizationLinkId },
  });
}

/** Removes the organization's statement unless another live link of the same organization and region still needs it. */
export async function releaseOrganizationPublishAccess(input: {
  organizationLinkId: string;
  topicArn: string;
  organizationId: string;
  region: string;
  mode: Mode;
}) {
  if (input.mode === "open") return;
  const stillNeeded = await db.connection.count({
    where: {
      organizationLinkId: { not: input.organizationLinkId },
      organizationLink: { organizationId: input.organizationId, region: input.region },
      status: { in: ["pending", "verifying", "connected", "broken"] },
    },
  });
  if (stillNeeded > 0) return;
  await revokeOrganizationPublish(input.topicArn, input.organizationId);
  await regrantLiveAccounts(input.topicArn, input.region);
  await recordEvent({
    kind: "sns.access_revoked",
    actor: "system",
    detail: { topicArn: input.topicArn, organizationId: input.organizationId, organizationLinkId: input.organizationLinkId },
  });
}

/** After a whole-policy write: every account that should have its own statement gets it again (AddPermission is idempotent here). */
async function regrantLiveAccounts(topicArn: string, region: string) {
  const [single, managers] = await Promise.all([
    db.connection.findMany({
      where: { region, organizationLinkId: null, status: { in: ["pending", "verifying", "connected", "broken"] } },
      select: { accountId: true },
      distinct: ["accountId"],
    }),
    db.organizationLink.findMany({ where: { region }, select: { managementAccountId: true }, distinct: ["managementAccountId"] }),
  ]);
  const accounts = new Set([...single.map((c) => c.accountId), ...managers.map((l) => l.managementAccountId)]);
  const policy = await inspectTopicPolicyLabels(topicArn);
  for (const accountId of accounts) {
    if (!policy.has(publishLabel(accountId))) await grantPublish(topicArn, accountId);
  }
}
