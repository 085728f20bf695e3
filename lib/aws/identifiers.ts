/**
 * The one place AWS identifiers' shapes are written down: account IDs,
 * partitions, regions, and the ARNs rolelink reads (roles, SNS topics,
 * CloudFormation stacks). Parsers return null rather than throw, because what
 * they read is usually untrusted (an SNS message, a form).
 */
import { z } from "zod";

const PARTITION = "aws(?:-[a-z]+)*";
const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d{1,2}";
const ACCOUNT = "\\d{12}";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** CloudFormation: a letter, then letters, digits and hyphens, at most 128. */
const STACK_NAME = "[A-Za-z][A-Za-z0-9-]{0,127}";

export const ACCOUNT_ID_PATTERN = new RegExp(`^${ACCOUNT}$`);
export const REGION_PATTERN = new RegExp(`^${REGION}$`);
export const PARTITION_PATTERN = new RegExp(`^${PARTITION}$`);
export const STACK_NAME_PATTERN = new RegExp(`^${STACK_NAME}$`);
/** A role name with its path and no leading slash, as the customer template's TrustedRoleName accepts it (a test keeps the two equal). */
export const ROLE_NAME_WITH_PATH_PATTERN = /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

const STACK_ID = new RegExp(`^arn:(${PARTITION}):cloudformation:(${REGION}):(${ACCOUNT}):stack/(${STACK_NAME})/${UUID}$`);
// IAM: the path is "/" or "/x/.../" of printable ASCII (at most 512); the name is [\w+=,.@-]{1,64}.
const ROLE_ARN = new RegExp(`^arn:(${PARTITION}):iam::(${ACCOUNT}):role(/(?:[\\x21-\\x7e]{1,510}/)?)([\\w+=,.@-]{1,64})$`);
// What AssumeRole answers as AssumedRoleUser.Arn (and GetCallerIdentity as Arn for a role session).
const ASSUMED_ROLE_ARN = new RegExp(`^arn:(${PARTITION}):sts::(${ACCOUNT}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})$`);
const TOPIC_ARN = new RegExp(`^arn:(${PARTITION}):sns:(${REGION}):(${ACCOUNT}):([\\w-]{1,256}(?:\\.fifo)?)$`);

export const isAccountId = (value: string): boolean => ACCOUNT_ID_PATTERN.test(value);
export const isRegion = (value: string): boolean => REGION_PATTERN.test(value);

export interface StackArn {
  partition: string;
  region: string;
  accountId: string;
  stackName: string;
}

export interface RoleArn {
  partition: string;
  accountId: string;
  path: string;
  roleName: string;
}

export interface TopicArn {
  partition: string;
  region: string;
  accountId: string;
  topicName: string;
}

export function parseStackId(value: string): StackArn | null {
  const match = STACK_ID.exec(value);
  if (!match) return null;
  const [, partition, region, accountId, stackName] = match as unknown as [string, string, string, string, string];
  return { partition, region, accountId, stackName };
}

export function parseRoleArn(value: string): RoleArn | null {
  const match = ROLE_ARN.exec(value);
  if (!match) return null;
  const [, partition, accountId, path, roleName] = match as unknown as [string, string, string, string, string];
  return { partition, accountId, path, roleName };
}

export interface AssumedRoleArn {
  partition: string;
  accountId: string;
  roleName: string;
  sessionName: string;
}

/** A role session's ARN (arn:aws:sts::<account>:assumed-role/<role name>/<session>), or null. */
export function parseAssumedRoleArn(value: string): AssumedRoleArn | null {
  const match = ASSUMED_ROLE_ARN.exec(value);
  if (!match) return null;
  const [, partition, accountId, roleName, sessionName] = match as unknown as [string, string, string, string, string];
  return { partition, accountId, roleName, sessionName };
}

export function parseTopicArn(value: string): TopicArn | null {
  const match = TOPIC_ARN.exec(value);
  if (!match) return null;
  const [, partition, region, accountId, topicName] = match as unknown as [string, string, string, string, string];
  return { partition, region, accountId, topicName };
}

/** The region of an SNS topic ARN, or undefined when it is not one. */
export function regionOfTopicArn(value: string): string | undefined {
  return parseTopicArn(value)?.region;
}

export const accountIdSchema = z.string().regex(ACCOUNT_ID_PATTERN, "must be a 12-digit AWS account ID");
export const regionSchema = z.string().regex(REGION_PATTERN, "must be an AWS region code");
export const partitionSchema = z.string().regex(PARTITION_PATTERN, "must be an AWS partition");
export const roleArnSchema = z.string().refine((value) => parseRoleArn(value) !== null, "must be an IAM role ARN");
export const topicArnSchema = z.string().refine((value) => parseTopicArn(value) !== null, "must be an SNS topic ARN");
export const stackIdSchema = z.string().refine((value) => parseStackId(value) !== null, "must be a CloudFormation stack ID");
