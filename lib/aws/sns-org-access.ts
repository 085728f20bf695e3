/**
 * Publish access for a whole AWS Organization: one topic-policy statement per
 * organization, `sns:Publish` from any principal whose account belongs to it
 * (condition key `aws:PrincipalOrgID`). Per-account AddPermission cannot
 * scale to an organization (a topic policy holds at most 100 statements and
 * 200 principals), and accounts that join later must be able to publish
 * before rolelink has heard of them.
 *
 * SNS has no API to add a conditioned statement: the policy is read, changed
 * and written whole with SetTopicAttributes. A grant made in between could be
 * overwritten: the caller (lib/connections/publish-access.ts) re-grants every
 * account that should publish right after.
 */
import { GetTopicAttributesCommand, SetTopicAttributesCommand } from "@aws-sdk/client-sns";
import { z } from "zod";
import { snsClient } from "./clients";
import { parseTopicArn, topicArnSchema } from "./identifiers";

/** Organizations' own shape: o- and 10-32 lowercase letters or digits. */
export const organizationIdSchema = z.string().regex(/^o-[a-z0-9]{10,32}$/);

const statementSchema = z.looseObject({ Sid: z.string().optional() });
const policySchema = z.looseObject({ Statement: z.union([z.array(statementSchema), statementSchema]).optional() });

export function organizationPublishLabel(organizationId: string): string {
  return `rolelink-org-${organizationIdSchema.parse(organizationId)}`;
}

/** The statement as the topic policy holds it. */
export function organizationPublishStatement(topicArn: string, organizationId: string) {
  return {
    Sid: organizationPublishLabel(organizationId),
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: "SNS:Publish",
    Resource: topicArn,
    Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
  };
}

async function changePolicy(
  topicArn: string,
  change: (statements: Array<Record<string, unknown>>) => Array<Record<string, unknown>> | null,
) {
  const client = snsClient(parseTopicArn(topicArnSchema.parse(topicArn))!.region);
  const current = await client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
  const policy = policySchema.parse(JSON.parse(current.Attributes?.Policy ?? '{"Version":"2008-10-17","Statement":[]}'));
  const statement = policy.Statement ?? [];
  const next = change(Array.isArray(statement) ? statement : [statement]);
  if (!next) return; // already as wanted: no write
  await client.send(
    new SetTopicAttributesCommand({
      TopicArn: topicArn,
      AttributeName: "Policy",
      AttributeValue: JSON.stringify({ ...policy, Statement: next }),
    }),
  );
}

/** Lets every account of the organization publish. Idempotent. */
export async function grantOrganizationPublish(topicArn: string, organizationId: string): Promise<void> {
  const label = organizationPublishLabel(organizationId);
  await changePolicy(topicArn, (statements) =>
    statements.some((s) => s.Sid === label) ? null : [...statements, organizationPublishStatement(topicArn, organizationId)],
  );
}

/** Removes the organization's statement. Idempotent. */
export async function revokeOrganizationPublish(topicArn: string, organizationId: string): Promise<void> {
  const label = organizationPublishLabel(organizationId);
  await changePolicy(topicArn, (statements) =>
    statements.some((s) => s.Sid === label) ? statements.filter((s) => s.Sid !== label) : null,
  );
}
