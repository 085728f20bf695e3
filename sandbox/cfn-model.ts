/**
 * One stack's resources as its template makes them: the role (trust and
 * permission statements) and the custom resource's properties, resolved for
 * the stack's parameters, account, region and name.
 */
import type { SandboxTemplate } from "./cfn-template";
import {
  resolveOutputs,
  resolveResourceProperties,
  resolveRolePolicies,
  resolveRoleTrust,
  type StackContext,
  type StackOutput,
} from "./cfn-resolve";
import { randomId, type Stack } from "./cfn-stacks";
import type { RoleDefinition } from "./sts-state";

/** What CloudFormation needs from IAM (the sandbox STS state is one). */
export interface RoleRegistry {
  putRole(role: RoleDefinition): void;
  /** In place: same ARN and RoleId, as an update of trust or inline policies is in IAM. */
  updateRole(role: RoleDefinition): void;
  deleteRole(roleArn: string): void;
}

type StackFacts = Pick<Stack, "parameters" | "accountId" | "region" | "stackName" | "stackId" | "roleArn">;

export function contextOf(template: SandboxTemplate, stack: StackFacts): StackContext {
  return { ...stack, roleLogicalId: template.role.logicalId, roleArn: stack.roleArn ?? "" };
}

/** The template gives the role no RoleName: CloudFormation generates `<stack>-<logical id>-<13 random>`. */
export function generatedRoleArn(template: SandboxTemplate, stack: Pick<Stack, "stackName" | "accountId">): string {
  const logicalId = template.role.logicalId;
  return `arn:aws:iam::${stack.accountId}:role/${stack.stackName.slice(0, 64 - logicalId.length - 15)}-${logicalId}-${randomId()}`;
}

/** What IAM holds for the stack's role. The sandbox role trusts one principal (a role, or an account root): the template names one. */
export function resolveRole(template: SandboxTemplate, stack: StackFacts & { roleArn: string }): RoleDefinition {
  const ctx = contextOf(template, stack);
  // The trust comes from the template's policy, so a template without the ExternalId condition is caught too.
  const trust = resolveRoleTrust(template.role.trustPolicy, template.document, ctx);
  return {
    roleArn: stack.roleArn,
    ...(trust.trustedRoleArns[0]
      ? { trustedAccountId: trust.trustedRoleArns[0].split(":")[4] ?? "", trustedRoleArn: trust.trustedRoleArns[0] }
      : { trustedAccountId: trust.trustedAccountIds[0] ?? "" }),
    externalId: trust.externalId,
    ...(trust.sourceIdentityLike === undefined ? {} : { sourceIdentityLike: trust.sourceIdentityLike }),
    allowsSourceIdentity: trust.allowsSourceIdentity,
    ...(trust.unsupported ? { unevaluable: true } : {}),
    policies: resolveRolePolicies(template.role.policies, template.document, ctx),
  };
}

export function resolveProperties(template: SandboxTemplate, stack: StackFacts): Record<string, unknown> {
  return resolveResourceProperties(template.customResource.properties, template.document, contextOf(template, stack));
}

export function resolveStackOutputs(template: SandboxTemplate, stack: StackFacts): StackOutput[] {
  return resolveOutputs(template.document, contextOf(template, stack));
}

/** Key order is the template's, so JSON equality is a fair "did anything change". */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The custom resource's ServiceToken (the SNS topic it publishes to); anything but a string is no topic. */
export function serviceTokenOf(properties: Record<string, unknown>): string {
  return typeof properties.ServiceToken === "string" ? properties.ServiceToken : "";
}
