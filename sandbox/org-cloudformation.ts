/**
 * The sandbox CloudFormation for the organization template: its role (with
 * the Organizations reads) and PhoneHome played like the account template's,
 * and its AWS::CloudFormation::StackSet created once PhoneHome's Create
 * succeeded (the StackSet depends on it) and deleted before PhoneHome's Delete.
 * A StackSet that cannot be created (trusted access off) fails the stack,
 * which rolls back as CloudFormation does.
 */
import { loadOrgTemplate } from "@/lib/cfn/org-template";
import { describeSandboxTemplate } from "./cfn-template";
import { resolveStackOutputs } from "./cfn-model";
import { createCloudFormation, CfnApiError, type CloudFormationOptions } from "./cloudformation";
import { stackSetInputFromOrgTemplate } from "./org-stack-set";
import type { SandboxStackSets } from "./stack-sets";

type Publishing = Omit<CloudFormationOptions, "templateUrl" | "template" | "dependent">;

export function createOrgCloudFormation(deps: { origin: string; publishing: Publishing; stackSets: SandboxStackSets }) {
  const { text, document, version } = loadOrgTemplate();
  const templateUrl = new URL("templates/rolelink-org-management.yaml", deps.origin).toString();
  const stackSetLogicalId =
    Object.entries(document.Resources).find(([, r]) => r.Type === "AWS::CloudFormation::StackSet")?.[0] ?? "MemberStackSet";
  /** Management stack id → its StackSet's id. */
  const stackSetOf = new Map<string, string>();

  const template = describeSandboxTemplate(document, version);
  const cloudformation = createCloudFormation({
    ...deps.publishing,
    templateUrl,
    template,
    dependent: {
      logicalId: stackSetLogicalId,
      type: "AWS::CloudFormation::StackSet",
      async create(stack) {
        try {
          const set = await deps.stackSets.create(stackSetInputFromOrgTemplate(document, stack));
          stackSetOf.set(stack.stackId, set.stackSetId);
          return undefined;
        } catch (error) {
          // CloudFormation shows the StackSets API's refusal as the resource's reason.
          if (error instanceof CfnApiError)
            return `${error.message} (Service: CloudFormation, Status Code: 400, Error Code: ${error.code})`;
          throw error;
        }
      },
      async delete(stack) {
        const stackSetId = stackSetOf.get(stack.stackId);
        if (stackSetId) await deps.stackSets.delete(stackSetId);
      },
    },
  });
  // The StackSetId output is `!Ref MemberStackSet` (the StackSet's id), which the account template's
  // resolver does not know: given as a value, DescribeStacks answers with both outputs instead of failing.
  const outputsOf: typeof cloudformation.outputsOf = (stack) =>
    resolveStackOutputs(template, {
      ...stack,
      parameters: { ...stack.parameters, [stackSetLogicalId]: stackSetOf.get(stack.stackId) ?? "" },
    });
  return { cloudformation: { ...cloudformation, outputsOf }, templateUrl, templateText: text };
}
