/** CloudFormation's refusals before anything is created, and what stops it from publishing a request. */
import type { Stack } from "./cfn-stacks";
import type { SandboxTemplate } from "./cfn-template";
import type { TemplateVariant } from "./cfn-variants";

/** A CreateStack/UpdateStack/DeleteStack refusal, with the error code the CloudFormation API uses. */
export class CfnApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
  ) {
    super(message);
  }
}

export interface CreateStackInput {
  region: string;
  accountId: string;
  stackName: string;
  templateUrl: string;
  parameters: Record<string, string>;
  capabilities: string[];
  /** Tests: create the stack as an older template version would have (default "current"). */
  templateVariant?: TemplateVariant;
}

export function checkCreate(input: CreateStackInput, templateUrl: string, template: SandboxTemplate): void {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(input.stackName)) {
    throw new CfnApiError(
      "ValidationError",
      `1 validation error detected: Value '${input.stackName}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`,
    );
  }
  if (!/^\d{12}$/.test(input.accountId))
    throw new CfnApiError("ValidationError", "The sandbox needs the 12-digit AWS account you are signed into.");
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(input.region)) throw new CfnApiError("ValidationError", `Unknown region ${input.region}`);
  if (input.templateUrl !== templateUrl) {
    throw new CfnApiError("ValidationError", `TemplateURL must be a supported URL. The sandbox serves one template: ${templateUrl}`);
  }
  const capability = template.role.named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM";
  const ok = input.capabilities.includes(capability) || input.capabilities.includes("CAPABILITY_NAMED_IAM");
  if (!ok) throw new CfnApiError("InsufficientCapabilitiesException", `Requires capabilities : [${capability}]`);
}

/** One live stack per name, account and region. */
export function checkUnique(input: CreateStackInput, stacks: Array<Pick<Stack, "stackName" | "accountId" | "region" | "status">>): void {
  const taken = stacks.some(
    (s) =>
      s.stackName === input.stackName && s.accountId === input.accountId && s.region === input.region && s.status !== "DELETE_COMPLETE",
  );
  if (taken) throw new CfnApiError("AlreadyExistsException", `Stack [${input.stackName}] already exists`);
}

export interface PublishTarget {
  knownTopics: string[];
  canPublish(topicArn: string, accountId: string): boolean;
}

/** Why the custom resource cannot even be asked (the resource then fails at once), or undefined. */
export function publishProblem(target: PublishTarget, topicArn: string, stack: { region: string; accountId: string }): string | undefined {
  if (topicArn.split(":")[3] !== stack.region) return `Invalid service token: ${topicArn} is not in the stack's region (${stack.region}).`;
  if (!target.knownTopics.includes(topicArn)) {
    return `Failed to publish to ${topicArn}: Topic does not exist (Service: Sns, Status Code: 404, Error Code: NotFound).`;
  }
  if (!target.canPublish(topicArn, stack.accountId)) {
    return (
      `Failed to publish to ${topicArn}: account ${stack.accountId} is not authorized to perform SNS:Publish on this topic ` +
      `(Service: Sns, Status Code: 403, Error Code: AuthorizationError).`
    );
  }
  return undefined;
}
