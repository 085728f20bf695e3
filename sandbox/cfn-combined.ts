/**
 * One CloudFormation over the sandbox's two templates (the account template
 * and the organization template), each played by its own instance: stacks
 * are created by the instance of their TemplateURL, found by StackId in
 * either, and listed together, so the read API, the response URLs and the
 * console see one CloudFormation as AWS has.
 */
import { CfnApiError, type SandboxCloudFormation } from "./cloudformation";

export function combineCloudFormations(byTemplateUrl: Record<string, SandboxCloudFormation>): SandboxCloudFormation {
  const all = Object.values(byTemplateUrl);
  const [first] = all;
  if (!first) throw new Error("no CloudFormation to combine");
  const owner = (stackId: string) => all.find((cfn) => cfn.getStack(stackId)) ?? first;

  return {
    createStack(input) {
      const cfn = byTemplateUrl[input.templateUrl];
      if (!cfn)
        throw new CfnApiError(
          "ValidationError",
          `TemplateURL must be a supported URL. The sandbox serves: ${Object.keys(byTemplateUrl).join(", ")}`,
        );
      return cfn.createStack(input);
    },
    updateStack: (stackId, input) => owner(stackId).updateStack(stackId, input),
    deleteStack: (stackId) => owner(stackId).deleteStack(stackId),
    receiveResponse(responseId, signature, contentType, body) {
      // A response id is pending in exactly one instance; the others refuse it without side effects.
      let result = first.receiveResponse(responseId, signature, contentType, body);
      for (const cfn of all.slice(1))
        if (!result.ok && result.status === 403) result = cfn.receiveResponse(responseId, signature, contentType, body);
      return result;
    },
    responses: () => all.flatMap((cfn) => cfn.responses()).sort((a, b) => a.at.localeCompare(b.at)),
    listStacks: () => all.flatMap((cfn) => cfn.listStacks()).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    getStack: (stackId) => owner(stackId).getStack(stackId),
    outputsOf: (stack) => owner(stack.stackId).outputsOf(stack),
    resourceTypes: Object.assign({}, ...all.map((cfn) => cfn.resourceTypes)) as Record<string, string>,
    stop: () => all.forEach((cfn) => cfn.stop()),
  };
}
