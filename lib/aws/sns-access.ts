/**
 * Per-account publish access to our SNS topics (SNS_PUBLISH_ACCESS=per-account):
 * one AddPermission statement per customer account, labelled by account.
 *
 * There is deliberately no grantOpenPublish here: the "open" mode's single
 * statement (sns:Publish from any principal) is part of the vendor setup
 * template (cloudformation/), applied once by the vendor, never by the app.
 */
import { AddPermissionCommand, GetTopicAttributesCommand, RemovePermissionCommand } from "@aws-sdk/client-sns";
import { z } from "zod";
import { snsClient } from "./clients";
import { accountIdSchema, parseTopicArn, topicArnSchema } from "./identifiers";

export const POLICY_LIMITS = { statements: 100, bytes: 30 * 1024, principals: 200 } as const;
const NEAR = 0.8;

const principalSchema = z.union([z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())]))]);
const statementSchema = z.looseObject({ Sid: z.string().optional(), Principal: principalSchema.optional() });
// A policy may hold a single statement object instead of an array.
const policySchema = z.looseObject({ Statement: z.union([z.array(statementSchema), statementSchema]).optional() });
type Statement = z.infer<typeof statementSchema>;

function regionOf(topicArn: string): string {
  return parseTopicArn(topicArnSchema.parse(topicArn))!.region;
}

/** The statement's Sid: SNS labels allow letters, digits, "-" and "_" (max 80). */
export function publishLabel(accountId: string): string {
  return `rolelink-${accountIdSchema.parse(accountId)}`;
}

function isInvalidParameter(error: unknown): boolean {
  const name = typeof error === "object" && error !== null && "name" in error ? error.name : undefined;
  return name === "InvalidParameter" || name === "InvalidParameterException";
}

async function topicPolicy(topicArn: string): Promise<{ text: string; statements: Statement[] }> {
  const result = await snsClient(regionOf(topicArn)).send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
  const text = result.Attributes?.Policy ?? '{"Statement":[]}';
  const policy = policySchema.parse(JSON.parse(text));
  const statement = policy.Statement ?? [];
  return { text, statements: Array.isArray(statement) ? statement : [statement] };
}

async function hasStatement(topicArn: string, label: string): Promise<boolean> {
  return (await topicPolicy(topicArn)).statements.some((statement) => statement.Sid === label);
}

/** Lets the account publish to the topic. Idempotent: an existing statement for it is success. */
export async function grantPublish(topicArn: string, accountId: string): Promise<void> {
  const label = publishLabel(accountId);
  try {
    await snsClient(regionOf(topicArn)).send(
      new AddPermissionCommand({ TopicArn: topicArn, Label: label, AWSAccountId: [accountId], ActionName: ["Publish"] }),
    );
  } catch (error) {
    // SNS answers InvalidParameter when the label exists: fine if it really is there.
    if (!isInvalidParameter(error) || !(await hasStatement(topicArn, label))) throw error;
  }
}

/** Removes the account's statement. Idempotent: an absent statement is success. */
export async function revokePublish(topicArn: string, accountId: string): Promise<void> {
  const label = publishLabel(accountId);
  try {
    await snsClient(regionOf(topicArn)).send(new RemovePermissionCommand({ TopicArn: topicArn, Label: label }));
  } catch (error) {
    // Should SNS refuse an unknown label, that is fine if it really is gone.
    if (!isInvalidParameter(error) || (await hasStatement(topicArn, label))) throw error;
  }
}

/** The Sids of the topic policy's statements. */
export async function inspectTopicPolicyLabels(topicArn: string): Promise<Set<string>> {
  return new Set((await topicPolicy(topicArn)).statements.map((statement) => statement.Sid ?? ""));
}

export interface TopicPolicyUsage {
  statements: number;
  bytes: number;
  principals: number;
  nearLimit: boolean;
}

/** How full the topic policy is; "near" is 80% of any of SNS's limits. */
export async function inspectTopicPolicy(topicArn: string): Promise<TopicPolicyUsage> {
  const { text, statements } = await topicPolicy(topicArn);
  const principals = statements.reduce((sum, s) => sum + countPrincipals(s.Principal), 0);
  const bytes = Buffer.byteLength(text);
  const nearLimit =
    statements.length >= POLICY_LIMITS.statements * NEAR ||
    bytes >= POLICY_LIMITS.bytes * NEAR ||
    principals >= POLICY_LIMITS.principals * NEAR;
  return { statements: statements.length, bytes, principals, nearLimit };
}

function countPrincipals(principal: Statement["Principal"]): number {
  if (principal === undefined) return 0;
  if (typeof principal === "string") return 1;
  return Object.values(principal).reduce<number>((sum, value) => sum + (Array.isArray(value) ? value.length : 1), 0);
}
