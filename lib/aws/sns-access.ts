/**
 * Per-account publish access to our SNS topics (SNS_PUBLISH_ACCESS=per-account).
 * The "open" mode's single statement is part of the vendor setup template, not
 * done by the app. Both calls are idempotent.
 */
import { AddPermissionCommand, GetTopicAttributesCommand, RemovePermissionCommand } from "@aws-sdk/client-sns";
import { snsClient } from "./clients";

export const POLICY_LIMITS = { statements: 100, bytes: 30 * 1024, principals: 200 } as const;
const NEAR = 0.8;

function regionOf(topicArn: string): string {
  const region = topicArn.split(":")[3];
  if (!region) throw new Error(`not a topic ARN: ${topicArn}`);
  return region;
}

/** One statement per account; the label is its Sid. */
export function publishLabel(accountId: string): string {
  return `rolelink-${accountId}`;
}

function isInvalidParameter(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === "InvalidParameter" || name === "InvalidParameterException";
}

async function topicPolicy(topicArn: string): Promise<{ text: string; statements: Array<{ Sid?: string; Principal?: unknown }> }> {
  const result = await snsClient(regionOf(topicArn)).send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
  const text = result.Attributes?.Policy ?? '{"Statement":[]}';
  const policy = JSON.parse(text) as { Statement?: Array<{ Sid?: string; Principal?: unknown }> };
  return { text, statements: policy.Statement ?? [] };
}

async function hasStatement(topicArn: string, label: string): Promise<boolean> {
  return (await topicPolicy(topicArn)).statements.some((statement) => statement.Sid === label);
}

export async function grantPublish(topicArn: string, accountId: string): Promise<void> {
  try {
    await snsClient(regionOf(topicArn)).send(
      new AddPermissionCommand({ TopicArn: topicArn, Label: publishLabel(accountId), AWSAccountId: [accountId], ActionName: ["Publish"] }),
    );
  } catch (error) {
    // SNS answers InvalidParameter when the label exists: fine if it really is there.
    if (!isInvalidParameter(error) || !(await hasStatement(topicArn, publishLabel(accountId)))) throw error;
  }
}

export async function revokePublish(topicArn: string, accountId: string): Promise<void> {
  try {
    await snsClient(regionOf(topicArn)).send(new RemovePermissionCommand({ TopicArn: topicArn, Label: publishLabel(accountId) }));
  } catch (error) {
    // InvalidParameter for an unknown label: fine if it really is gone.
    if (!isInvalidParameter(error) || (await hasStatement(topicArn, publishLabel(accountId)))) throw error;
  }
}

export interface TopicPolicyUsage {
  statements: number;
  bytes: number;
  principals: number;
  nearLimit: boolean;
}

export async function inspectTopicPolicy(topicArn: string): Promise<TopicPolicyUsage> {
  const { text: policyText, statements } = await topicPolicy(topicArn);
  const principals = statements.reduce((sum, s) => sum + countPrincipals(s.Principal), 0);
  const bytes = Buffer.byteLength(policyText);
  const nearLimit =
    statements.length >= POLICY_LIMITS.statements * NEAR || bytes >= POLICY_LIMITS.bytes * NEAR || principals >= POLICY_LIMITS.principals * NEAR;
  return { statements: statements.length, bytes, principals, nearLimit };
}

function countPrincipals(principal: unknown): number {
  if (!principal || typeof principal !== "object") return principal ? 1 : 0;
  return Object.values(principal).reduce<number>((sum, value) => sum + (Array.isArray(value) ? value.length : 1), 0);
}
