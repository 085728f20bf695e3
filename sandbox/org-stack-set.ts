/**
 * What the organization template's AWS::CloudFormation::StackSet resource asks
 * of StackSets, for one management stack's parameters: read from the template
 * file (describeOrgTemplate), so editing the YAML changes what the sandbox deploys.
 */
import { describeOrgTemplate, type OrgTemplateReview } from "@/lib/cfn/org-template";
import type { CfnTemplate } from "@/lib/cfn/template-schema";
import { CfnApiError } from "./cloudformation";
import type { StackSetInput } from "./stack-sets";

export interface ManagementStackFacts {
  accountId: string;
  region: string;
  stackName: string;
  /** The management stack's parameters, as given at CreateStack. */
  parameters: Record<string, string>;
}

export function stackSetInputFromOrgTemplate(document: CfnTemplate, stack: ManagementStackFacts): StackSetInput {
  const review: OrgTemplateReview = describeOrgTemplate(document);
  const { stackSet } = review;
  const defaultOf = (name: string) => (document.Parameters[name] as { Default?: unknown } | undefined)?.Default;
  const value = (name: string) => {
    const fallback = defaultOf(name);
    return stack.parameters[name] ?? (typeof fallback === "string" ? fallback : "");
  };
  const targets = value(stackSet.targetsParameter)
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  if (targets.length === 0) throw new CfnApiError("ValidationError", `Parameters: [${stackSet.targetsParameter}] must have values`);
  const callAs = value("CallAs") === "DELEGATED_ADMIN" ? "DELEGATED_ADMIN" : "SELF";
  return {
    administratorAccountId: stack.accountId,
    region: stack.region,
    name: `${stack.stackName}-members`,
    callAs,
    templateUrl: value(stackSet.templateUrlParameter),
    parameters: Object.fromEntries(Object.entries(stackSet.memberParameters).map(([member, own]) => [member, value(own)])),
    targets,
    maxConcurrentCount: stackSet.operationPreferences.MaxConcurrentCount ?? 1,
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
  };
}
