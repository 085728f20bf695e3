/**
 * "Review before launch": what the customer template grants, derived from the
 * parsed template (never a hand-written copy). Shapes the summary could
 * misstate — extra IAM resources, managed policies, a trust statement without
 * the External ID — are refused, so the page can never under-report access.
 */
import { z } from "zod";
import { accountIdSchema, parseRoleArn, partitionSchema, regionSchema, roleArnSchema, STACK_NAME_PATTERN } from "@/lib/aws/identifiers";
import { describeIntrinsics, resolveIntrinsics } from "./intrinsics";
import {
  CfnTemplateError,
  policyDocumentSchema,
  templateVersion,
  type CfnTemplate,
  type PolicyDocument,
  type PolicyStatement,
} from "./template-schema";

export interface TemplateReview {
  version: string;
  trust: {
    /** Parameters by name, e.g. `arn:${AWS::Partition}:iam::${TrustedAccount}:role/${TrustedRoleName}`. */
    principals: string[];
    actions: string[];
    condition: Record<string, Record<string, unknown>>;
  };
  permissions: Array<{ effect: "Allow" | "Deny"; actions: string[]; resources: string[]; condition?: Record<string, unknown> }>;
  /** Custom resource properties sent to rolelink through SNS. */
  sendsBack: string[];
  parameters: Array<{ name: string; description: string }>;
}

const mustBeAbsent = (why: string) => z.never({ error: why }).optional();

const rolePropertiesSchema = z.looseObject({
  AssumeRolePolicyDocument: policyDocumentSchema,
  Policies: z.array(z.strictObject({ PolicyName: z.string(), PolicyDocument: policyDocumentSchema })).default([]),
  ManagedPolicyArns: mustBeAbsent("managed policies are not shown in the review; use the inline PERMISSIONS block"),
  PermissionsBoundary: mustBeAbsent("a permissions boundary is not shown in the review"),
});

/** Properties that configure the custom resource itself rather than carry information about the customer. */
const TRANSPORT_PROPERTIES = new Set(["ServiceToken", "ServiceTimeout"]);

function toList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function shown(value: unknown): string[] {
  return toList(describeIntrinsics(value)).map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
}

/** The template must create exactly one role and one custom resource; anything else would be missing from the review. */
/**
 * The template is loaded once per process (templateLoader), but its role was
 * re-validated with zod on every page view that reviews it: ~2–7 ms of CPU per
 * request. Its parts and description are derived once per loaded document.
 */
const partsCache = new WeakMap<CfnTemplate, ReturnType<typeof uncachedParts>>();
const descriptionCache = new WeakMap<CfnTemplate, TemplateReview>();

function parts(document: CfnTemplate) {
  let found = partsCache.get(document);
  if (!found) partsCache.set(document, (found = uncachedParts(document)));
  return found;
}

function uncachedParts(document: CfnTemplate) {
  const entries = Object.entries(document.Resources);
  const roles = entries.filter(([, resource]) => resource.Type === "AWS::IAM::Role");
  const customs = entries.filter(([, resource]) => resource.Type.startsWith("Custom::"));
  const others = entries.filter(([, resource]) => resource.Type !== "AWS::IAM::Role" && !resource.Type.startsWith("Custom::"));
  const [role] = roles;
  const [custom] = customs;
  if (!role || roles.length !== 1) throw new CfnTemplateError("the template must create exactly one AWS::IAM::Role");
  if (!custom || customs.length !== 1) throw new CfnTemplateError("the template must have exactly one custom resource");
  if (others.length > 0) throw new CfnTemplateError(`resources the review cannot describe: ${others.map(([id]) => id).join(", ")}`);
  const parsed = rolePropertiesSchema.safeParse(role[1].Properties ?? {});
  if (!parsed.success)
    throw new CfnTemplateError(`role ${role[0]}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return { role: parsed.data, custom: custom[1] };
}

/**
 * The review says "exactly one identity, only with your External ID, always
 * attributed": the trust policy must be exactly that shape, or it is refused
 * rather than summarised.
 */
function trustOf(statements: PolicyStatement[]): TemplateReview["trust"] {
  const [statement] = statements;
  if (!statement || statements.length !== 1 || statement.Effect !== "Allow") {
    throw new CfnTemplateError("trust policy: exactly one Allow statement is supported");
  }
  const principal = statement.Principal ?? {};
  // One AWS principal, one value: a list, a second key (Service, Federated) or "*" would widen who may assume.
  if (Object.keys(principal).join() !== "AWS" || Array.isArray(principal.AWS) || principal.AWS === "*") {
    throw new CfnTemplateError("trust policy: the principal must be exactly one AWS principal");
  }
  const condition = statement.Condition;
  const externalId = condition?.StringEquals?.["sts:ExternalId"];
  if (externalId === undefined || Array.isArray(externalId)) {
    throw new CfnTemplateError("trust policy: the statement must require one StringEquals sts:ExternalId condition");
  }
  const sourceIdentity = condition?.StringLike?.["sts:SourceIdentity"];
  if (typeof sourceIdentity !== "string" || !sourceIdentity.startsWith("rolelink")) {
    throw new CfnTemplateError("trust policy: the statement must require StringLike sts:SourceIdentity rolelink*");
  }
  return {
    principals: shown(principal.AWS),
    actions: toList(statement.Action),
    condition: describeIntrinsics(condition) as Record<string, Record<string, unknown>>,
  };
}

/** Derived once per loaded document (see partsCache); callers must not change what it returns. */
export function describeTemplate(document: CfnTemplate): TemplateReview {
  let found = descriptionCache.get(document);
  if (!found) descriptionCache.set(document, (found = uncachedDescription(document)));
  return found;
}

function uncachedDescription(document: CfnTemplate): TemplateReview {
  const { role, custom } = parts(document);
  return {
    version: templateVersion(document),
    trust: trustOf(role.AssumeRolePolicyDocument.Statement),
    permissions: role.Policies.flatMap((policy) =>
      policy.PolicyDocument.Statement.map((statement) => ({
        effect: statement.Effect,
        actions: toList(statement.Action),
        resources: statement.Resource === undefined ? [] : shown(statement.Resource),
        ...(statement.Condition ? { condition: describeIntrinsics(statement.Condition) as Record<string, unknown> } : {}),
      })),
    ),
    sendsBack: Object.keys(custom.Properties ?? {}).filter((name) => !TRANSPORT_PROPERTIES.has(name)),
    parameters: Object.entries(document.Parameters).map(([name, parameter]) => ({ name, description: parameter.Description ?? "" })),
  };
}

const trustOptionsSchema = z.object({
  /** The role rolelink runs as (VENDOR_PRINCIPAL_ARN). */
  vendorPrincipalArn: roleArnSchema,
  // STS's own rules for an External ID.
  externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/),
});

/** The TrustedAccount and TrustedRoleName parameters that make the trust policy name this role. */
export function trustParameters(vendorPrincipalArn: string): { partition: string; TrustedAccount: string; TrustedRoleName: string } {
  const role = parseRoleArn(vendorPrincipalArn);
  if (!role) throw new CfnTemplateError("the vendor principal must be an IAM role ARN");
  return { partition: role.partition, TrustedAccount: role.accountId, TrustedRoleName: `${role.path.replace(/^\//, "")}${role.roleName}` };
}

/** The trust policy exactly as it will exist in the customer's account. */
export function renderTrustPolicy(document: CfnTemplate, options: { vendorPrincipalArn: string; externalId: string }): PolicyDocument {
  const { vendorPrincipalArn, externalId } = trustOptionsSchema.parse(options);
  const { partition, ...parameters } = trustParameters(vendorPrincipalArn);
  const values = { "AWS::Partition": partition, ...parameters, ExternalId: externalId };
  return resolveIntrinsics(parts(document).role.AssumeRolePolicyDocument, values) as PolicyDocument;
}

/** The role's inline permission statements as written (Action is never an intrinsic, so no values are needed). */
export function permissionStatements(document: CfnTemplate): PolicyStatement[] {
  return parts(document).role.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

/** All inline permissions as one policy document (IAM evaluates a role's inline policies as a union). */
export function renderPermissionsPolicy(
  document: CfnTemplate,
  options: { partition?: string; accountId?: string; region?: string; stackName?: string } = {},
): PolicyDocument {
  const partition = partitionSchema.parse(options.partition ?? "aws");
  const values: Record<string, string> = { "AWS::Partition": partition };
  if (options.accountId) values["AWS::AccountId"] = accountIdSchema.parse(options.accountId);
  if (options.region) values["AWS::Region"] = regionSchema.parse(options.region);
  if (options.stackName) values["AWS::StackName"] = z.string().regex(STACK_NAME_PATTERN).parse(options.stackName);
  return resolveIntrinsics({ Version: "2012-10-17", Statement: permissionStatements(document) }, values) as PolicyDocument;
}
