/**
 * Sandbox CloudFormation for the one customer template: stacks in memory, the
 * role recorded in the sandbox STS, and the SNS-backed custom resource driven
 * as CloudFormation does it (Create, a wait of ServiceTimeout for the answer at
 * the ResponseURL, rollback with a Delete on failure, Delete on stack delete).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { validateParameters, type SandboxTemplate } from "./cfn-template";
import { checkResponse, type CustomResourceResponse, type ResponseCheck } from "./cfn-response";
import { resolveResourceProperties, resolveRoleTrust, type StackContext } from "./cfn-resolve";
import { createStackStore, type Stack } from "./cfn-stacks";

export type { Stack, StackStatus, StackEvent } from "./cfn-stacks";

export interface RoleRegistry {
  putRole(role: { roleArn: string; trustedAccountId: string; externalId?: string }): void;
  deleteRole(roleArn: string): void;
}

export interface CloudFormationOptions {
  origin: string;
  templateUrl: string;
  template: SandboxTemplate;
  knownTopics: string[];
  roles: RoleRegistry;
  canPublish(topicArn: string, accountId: string): boolean;
  publish(topicArn: string, subject: string, message: string): Promise<unknown>;
  /** Defaults to the template's ServiceTimeout, else CloudFormation's 3600 s. */
  serviceTimeoutMs?: number;
}

export interface CreateStackInput {
  region: string;
  accountId: string;
  stackName: string;
  templateUrl: string;
  parameters: Record<string, string>;
  capabilities: string[];
}

/** A CreateStack/DeleteStack refusal, with the error code the CloudFormation API uses. */
export class CfnApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
  ) {
    super(message);
  }
}

type RequestType = "Create" | "Delete";

interface PendingRequest {
  stackId: string;
  requestType: RequestType;
  requestId: string;
  signature: string;
  timer: NodeJS.Timeout;
  rollback: boolean;
}

const SUBJECT = "AWS CloudFormation custom resource request";

export function createCloudFormation(options: CloudFormationOptions) {
  const store = createStackStore();
  const pending = new Map<string, PendingRequest>();
  const { template } = options;
  const logicalId = template.customResource.logicalId;
  const serviceTimeoutMs = options.serviceTimeoutMs ?? (template.customResource.serviceTimeoutSeconds ?? 3600) * 1000;

  function sendRequest(stack: Stack, requestType: RequestType, rollback: boolean): void {
    const responseId = randomUUID();
    const signature = randomBytes(32).toString("hex");
    const responseUrl = new URL(`cfn-response/${responseId}`, options.origin);
    responseUrl.searchParams.set("X-Amz-Signature", signature);
    const requestId = randomUUID();
    const properties = resolveResourceProperties(template.customResource.properties, template.document, contextOf(stack));
    const topicArn = String(properties.ServiceToken ?? "");
    const request = {
      RequestType: requestType,
      ServiceToken: topicArn,
      ResponseURL: responseUrl.toString(),
      StackId: stack.stackId,
      RequestId: requestId,
      LogicalResourceId: logicalId,
      ...(requestType === "Delete" ? { PhysicalResourceId: stack.physicalResourceId ?? `${stack.stackName}-${logicalId}-${randomId()}` } : {}),
      ResourceType: template.customResource.type,
      ResourceProperties: properties,
    };
    if (requestType === "Create") stack.customResourceLive = true;
    const timer = setTimeout(() => onTimeout(responseId), serviceTimeoutMs);
    timer.unref();
    pending.set(responseId, { stackId: stack.stackId, requestType, requestId, signature, timer, rollback });
    store.resourceEvent(stack, logicalId, requestType === "Create" ? "CREATE_IN_PROGRESS" : "DELETE_IN_PROGRESS");
    // CloudFormation does not learn whether SNS reached the endpoint: it only waits for the answer.
    void options.publish(topicArn, SUBJECT, JSON.stringify(request)).catch(() => undefined);
  }

  function onTimeout(responseId: string): void {
    const request = pending.get(responseId);
    pending.delete(responseId);
    const stack = request && store.get(request.stackId);
    if (!request || !stack) return;
    const reason =
      `CloudFormation did not receive a response from your Custom Resource within the ServiceTimeout ` +
      `(${Math.round(serviceTimeoutMs / 1000)} s): the request timed out. Please check your custom resource in region ${stack.region}.`;
    settle(stack, request, { ok: false, reason });
  }

  /** The custom resource finished one request (answered, or timed out). */
  function settle(stack: Stack, request: PendingRequest, outcome: Outcome): void {
    // Later requests carry the id from the first answer, failed or not, as CloudFormation does.
    if (request.requestType === "Create" && outcome.physicalResourceId) stack.physicalResourceId = outcome.physicalResourceId;
    if (request.requestType === "Create") {
      if (outcome.ok) {
        store.resourceEvent(stack, logicalId, "CREATE_COMPLETE");
        store.setStatus(stack, "CREATE_COMPLETE");
        return;
      }
      store.resourceEvent(stack, logicalId, "CREATE_FAILED", outcome.reason);
      stack.failureReason = outcome.reason;
      store.setStatus(stack, "ROLLBACK_IN_PROGRESS", `The following resource(s) failed to create: [${logicalId}]. Rollback requested by user.`);
      // A custom resource that failed (or never answered) its Create still gets a Delete on rollback.
      sendRequest(stack, "Delete", true);
      return;
    }
    if (!outcome.ok) {
      store.resourceEvent(stack, logicalId, "DELETE_FAILED", outcome.reason);
      stack.failureReason = outcome.reason;
      store.setStatus(stack, request.rollback ? "ROLLBACK_FAILED" : "DELETE_FAILED", outcome.reason);
      return;
    }
    store.resourceEvent(stack, logicalId, "DELETE_COMPLETE");
    stack.customResourceLive = false;
    deleteRole(stack);
    store.setStatus(stack, request.rollback ? "ROLLBACK_COMPLETE" : "DELETE_COMPLETE");
  }

  function contextOf(stack: Stack): StackContext {
    return { ...stack, roleLogicalId: template.role.logicalId, roleArn: stack.roleArn ?? "" };
  }

  function deleteRole(stack: Stack): void {
    if (!stack.roleArn) return;
    store.resourceEvent(stack, template.role.logicalId, "DELETE_IN_PROGRESS");
    options.roles.deleteRole(stack.roleArn);
    store.resourceEvent(stack, template.role.logicalId, "DELETE_COMPLETE");
  }

  /** The stack cannot even publish: the resource fails at once and the stack rolls back. */
  function failWithoutRequest(stack: Stack, reason: string): void {
    store.resourceEvent(stack, logicalId, "CREATE_FAILED", reason);
    stack.failureReason = reason;
    store.setStatus(stack, "ROLLBACK_IN_PROGRESS", `The following resource(s) failed to create: [${logicalId}]. Rollback requested by user.`);
    deleteRole(stack);
    store.setStatus(stack, "ROLLBACK_COMPLETE");
  }

  return {
    createStack(input: CreateStackInput): Stack {
      checkCreate(input, options, template);
      if (store.list().some((s) => s.stackName === input.stackName && s.accountId === input.accountId && s.region === input.region && s.status !== "DELETE_COMPLETE")) {
        throw new CfnApiError("AlreadyExistsException", `Stack [${input.stackName}] already exists`);
      }
      const validated = validateParameters(template, input.parameters);
      if (!validated.ok) throw new CfnApiError("ValidationError", validated.message);
      const stack = store.add({ ...input, parameters: validated.values });

      // The role comes first: the custom resource references its ARN.
      const roleName = `${input.stackName.slice(0, 64 - template.role.logicalId.length - 15)}-${template.role.logicalId}-${randomId()}`;
      stack.roleArn = `arn:aws:iam::${input.accountId}:role/${roleName}`;
      store.resourceEvent(stack, template.role.logicalId, "CREATE_IN_PROGRESS");
      // The trust comes from the template's policy, so a template without the ExternalId condition is caught here too.
      const trust = resolveRoleTrust(template.role.trustPolicy, template.document, contextOf(stack));
      for (const trustedAccountId of trust.trustedAccountIds) {
        options.roles.putRole({ roleArn: stack.roleArn, trustedAccountId, externalId: trust.externalId });
      }
      store.resourceEvent(stack, template.role.logicalId, "CREATE_COMPLETE");

      const topicArn = String(resolveResourceProperties(template.customResource.properties, template.document, contextOf(stack)).ServiceToken ?? "");
      const topicRegion = topicArn.split(":")[3];
      if (topicRegion !== input.region) {
        failWithoutRequest(stack, `Invalid service token: ${topicArn} is not in the stack's region (${input.region}).`);
      } else if (!options.knownTopics.includes(topicArn)) {
        failWithoutRequest(stack, `Failed to publish to ${topicArn}: Topic does not exist (Service: Sns, Status Code: 404, Error Code: NotFound).`);
      } else if (!options.canPublish(topicArn, input.accountId)) {
        failWithoutRequest(
          stack,
          `Failed to publish to ${topicArn}: account ${input.accountId} is not authorized to perform SNS:Publish on this topic ` +
            `(Service: Sns, Status Code: 403, Error Code: AuthorizationError).`,
        );
      } else {
        sendRequest(stack, "Create", false);
      }
      return stack;
    },

    deleteStack(stackId: string): Stack {
      const stack = store.get(stackId);
      if (!stack || stack.status === "DELETE_COMPLETE") throw new CfnApiError("ValidationError", `Stack with id ${stackId} does not exist`);
      if (stack.status.endsWith("_IN_PROGRESS")) {
        throw new CfnApiError("ValidationError", `Stack [${stack.stackName}] is in ${stack.status} state and can not be deleted now`);
      }
      store.setStatus(stack, "DELETE_IN_PROGRESS", "User Initiated");
      // Only a live custom resource has something to delete (a completed rollback already deleted it).
      if (stack.customResourceLive) {
        sendRequest(stack, "Delete", false);
      } else {
        deleteRole(stack);
        store.setStatus(stack, "DELETE_COMPLETE");
      }
      return stack;
    },

    /** PUT <ResponseURL>. Answers what S3 would (200, or an error code the caller turns into XML). */
    receiveResponse(responseId: string, signature: string | null, contentType: string | undefined, body: string): ResponseCheck {
      const request = pending.get(responseId);
      if (!request || signature !== request.signature) {
        return { ok: false, status: 403, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided." };
      }
      const check = checkResponse(contentType, body, { stackId: request.stackId, requestId: request.requestId, logicalResourceId: logicalId });
      if (!check.ok) return check;
      pending.delete(responseId);
      clearTimeout(request.timer);
      const stack = store.get(request.stackId);
      if (stack) settle(stack, request, outcomeOf(check.response, request.requestId));
      return check;
    },

    listStacks: store.list,
    getStack: store.get,
    stop(): void {
      for (const request of pending.values()) clearTimeout(request.timer);
      pending.clear();
    },
  };
}

export type SandboxCloudFormation = ReturnType<typeof createCloudFormation>;

type Outcome = { ok: true; physicalResourceId: string } | { ok: false; reason: string; physicalResourceId?: string };

function outcomeOf(response: CustomResourceResponse, requestId: string): Outcome {
  if (response.Status === "SUCCESS") return { ok: true, physicalResourceId: response.PhysicalResourceId };
  return {
    ok: false,
    physicalResourceId: response.PhysicalResourceId,
    reason: `Received response status [FAILED] from custom resource. Message returned: ${response.Reason ?? ""} (RequestId: ${requestId})`,
  };
}

function checkCreate(input: CreateStackInput, options: CloudFormationOptions, template: SandboxTemplate): void {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(input.stackName)) {
    throw new CfnApiError(
      "ValidationError",
      `1 validation error detected: Value '${input.stackName}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`,
    );
  }
  if (!/^\d{12}$/.test(input.accountId)) throw new CfnApiError("ValidationError", "The sandbox needs the 12-digit AWS account you are signed into.");
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(input.region)) throw new CfnApiError("ValidationError", `Unknown region ${input.region}`);
  if (input.templateUrl !== options.templateUrl) {
    throw new CfnApiError("ValidationError", `TemplateURL must be a supported URL. The sandbox serves one template: ${options.templateUrl}`);
  }
  const capability = template.role.named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM";
  const ok = input.capabilities.includes(capability) || input.capabilities.includes("CAPABILITY_NAMED_IAM");
  if (!ok) throw new CfnApiError("InsufficientCapabilitiesException", `Requires capabilities : [${capability}]`);
}

/** Like the suffix CloudFormation gives generated names (`...-1R7TIJN9P2TCM`). */
function randomId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return Array.from(randomBytes(13), (b) => alphabet[b % alphabet.length]).join("");
}
