/**
 * Evaluates the customer template for one stack: the role's trust (who may
 * assume it, with which External ID) and the custom resource's properties,
 * from the template itself, so an edited template behaves as it would in AWS.
 */
import { resolveIntrinsics } from "@/lib/cfn/intrinsics";
import { statementsOf, type PolicyStatement } from "./iam-policy";

export interface StackContext {
  parameters: Record<string, string>;
  accountId: string;
  region: string;
  stackName: string;
  stackId: string;
  roleLogicalId: string;
  roleArn: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function pseudoValues(ctx: StackContext): Record<string, string> {
  return {
    ...ctx.parameters,
    "AWS::Partition": "aws",
    "AWS::AccountId": ctx.accountId,
    "AWS::Region": ctx.region,
    "AWS::StackName": ctx.stackName,
    "AWS::StackId": ctx.stackId,
    "AWS::URLSuffix": "amazonaws.com",
    // Ref of a role is its name.
    [ctx.roleLogicalId]: ctx.roleArn.split("/").pop() ?? "",
  };
}

/** GetAtt Role.Arn and FindInMap are not handled by the shared resolver: fold them first. */
function foldExtras(value: unknown, document: Record<string, unknown>, ctx: StackContext): unknown {
  if (Array.isArray(value)) return value.map((v) => foldExtras(v, document, ctx));
  if (!isRecord(value)) return value;
  const getAtt = value["Fn::GetAtt"];
  if (Array.isArray(getAtt) && getAtt[0] === ctx.roleLogicalId && getAtt[1] === "Arn") return ctx.roleArn;
  const findInMap = value["Fn::FindInMap"];
  if (Array.isArray(findInMap) && findInMap.every((k) => typeof k === "string")) {
    const [map, first, second] = findInMap;
    const mappings = isRecord(document.Mappings) ? document.Mappings : {};
    const table = map ? mappings[map] : undefined;
    const row = isRecord(table) && first ? table[first] : undefined;
    const cell = isRecord(row) && second ? row[second] : undefined;
    if (typeof cell === "string" || typeof cell === "number" || typeof cell === "boolean") return String(cell);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, foldExtras(v, document, ctx)]));
}

function resolve(value: unknown, document: Record<string, unknown>, ctx: StackContext): unknown {
  return resolveIntrinsics(foldExtras(value, document, ctx), pseudoValues(ctx));
}

/** CloudFormation hands every custom resource property over as a string. */
function stringify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringify);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringify(v)]));
  return typeof value === "number" || typeof value === "boolean" ? String(value) : value;
}

export function resolveResourceProperties(
  properties: unknown,
  document: Record<string, unknown>,
  ctx: StackContext,
): Record<string, unknown> {
  const resolved = stringify(resolve(properties ?? {}, document, ctx));
  return isRecord(resolved) ? resolved : {};
}

export interface RoleTrust {
  trustedAccountIds: string[];
  /** Role principals (arn:aws:iam::<account>:role/<name>): only these roles, not their whole account. */
  trustedRoleArns: string[];
  /** undefined: the trust policy has no sts:ExternalId condition, so any (or none) is accepted. */
  externalId?: string;
  /** The StringLike sts:SourceIdentity pattern, when the policy requires one. */
  sourceIdentityLike?: string;
  /** sts:SetSourceIdentity is allowed: without it, an AssumeRole that sets a SourceIdentity is refused. */
  allowsSourceIdentity: boolean;
  /** Something the sandbox cannot evaluate: the role refuses every AssumeRole. */
  unsupported: boolean;
}

const ACCOUNT_PRINCIPAL = /^(?:arn:aws[a-z-]*:iam::(\d{12}):root|(\d{12}))$/;
const ROLE_PRINCIPAL = /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/;

/** The conditions the sandbox evaluates; condition keys are case-insensitive in IAM. */
const KNOWN_CONDITIONS: Record<string, string> = { StringEquals: "sts:externalid", StringLike: "sts:sourceidentity" };

function conditionValue(condition: unknown, operator: string, key: string): string | undefined {
  const block = isRecord(condition) ? condition[operator] : undefined;
  const entry = isRecord(block) ? Object.entries(block).find(([name]) => name.toLowerCase() === key.toLowerCase()) : undefined;
  return typeof entry?.[1] === "string" ? entry[1] : undefined;
}

/** Any condition the sandbox cannot evaluate exactly (another operator or key, a list of values). */
function hasUnknownCondition(condition: unknown): boolean {
  if (condition === undefined) return false;
  if (!isRecord(condition)) return true;
  return Object.entries(condition).some(([operator, block]) => {
    const key = KNOWN_CONDITIONS[operator];
    return (
      !key || !isRecord(block) || Object.entries(block).some(([name, value]) => name.toLowerCase() !== key || typeof value !== "string")
    );
  });
}

/**
 * Reads the Allow-sts:AssumeRole statements of the role's trust policy. What
 * the sandbox cannot evaluate makes the role refuse everyone (fail closed),
 * never accept more than AWS would.
 */
export function resolveRoleTrust(trustPolicy: unknown, document: Record<string, unknown>, ctx: StackContext): RoleTrust {
  const policy = resolve(trustPolicy, document, ctx);
  const statements = isRecord(policy) && Array.isArray(policy.Statement) ? policy.Statement : [];
  const trust: RoleTrust = { trustedAccountIds: [], trustedRoleArns: [], allowsSourceIdentity: false, unsupported: false };
  for (const statement of statements) {
    if (!isRecord(statement) || statement.Effect !== "Allow") continue;
    const actions = ([] as unknown[]).concat(statement.Action);
    if (!actions.includes("sts:AssumeRole")) continue;
    if (actions.includes("sts:SetSourceIdentity")) trust.allowsSourceIdentity = true;
    if (hasUnknownCondition(statement.Condition)) trust.unsupported = true;
    const principal = isRecord(statement.Principal) ? statement.Principal.AWS : undefined;
    for (const entry of ([] as unknown[]).concat(principal ?? [])) {
      if (typeof entry !== "string") continue;
      const account = ACCOUNT_PRINCIPAL.exec(entry);
      const role = ROLE_PRINCIPAL.exec(entry);
      if (account) trust.trustedAccountIds.push(account[1] ?? account[2] ?? "");
      else if (role) trust.trustedRoleArns.push(entry);
    }
    const externalId = conditionValue(statement.Condition, "StringEquals", "sts:ExternalId");
    if (externalId !== undefined) trust.externalId = externalId;
    const sourceIdentity = conditionValue(statement.Condition, "StringLike", "sts:SourceIdentity");
    if (sourceIdentity !== undefined) trust.sourceIdentityLike = sourceIdentity;
  }
  // Two ways in (a role and an account, or two roles) is more than the sandbox models.
  if (trust.trustedRoleArns.length + trust.trustedAccountIds.length > 1) trust.unsupported = true;
  return trust;
}

/** The role's permissions: every statement of every inline policy, with the pseudo parameters substituted. */
export function resolveRolePolicies(policies: unknown, document: Record<string, unknown>, ctx: StackContext): PolicyStatement[] {
  const resolved = resolve(policies ?? [], document, ctx);
  return ([] as unknown[]).concat(resolved).flatMap((policy) => (isRecord(policy) ? statementsOf(policy.PolicyDocument) : []));
}

export interface StackOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
}

export function resolveOutputs(document: Record<string, unknown>, ctx: StackContext): StackOutput[] {
  const outputs = isRecord(document.Outputs) ? document.Outputs : {};
  return Object.entries(outputs).flatMap(([key, output]) => {
    if (!isRecord(output)) return [];
    const value = resolve(output.Value, document, ctx);
    const description = typeof output.Description === "string" ? output.Description : undefined;
    return typeof value === "string" ? [{ OutputKey: key, OutputValue: value, ...(description ? { Description: description } : {}) }] : [];
  });
}
