/**
 * Sandbox CloudFormation for the one customer template: stacks in memory, the
 * role recorded in the sandbox IAM/STS, and the SNS-backed custom resource
 * driven as CloudFormation does it (Create, a wait of ServiceTimeout for the
 * answer at the ResponseURL, rollback with a Delete on failure, Update with
 * rollback (cfn-update.ts), Delete on stack delete).
 */
import { validateParameters, type SandboxTemplate } from "./cfn-template";
import { CfnApiError, checkCreate, checkUnique, publishProblem, type CreateStackInput } from "./cfn-checks";
import { generatedRoleArn, resolveProperties, resolveRole, resolveStackOutputs, serviceTokenOf, type RoleRegistry } from "./cfn-model";
import { createRequestChannel, requestTypeOf, type CustomResourceCall, type Outcome } from "./cfn-requests";
import { createStackStore, type Stack } from "./cfn-stacks";
import { createStackUpdates } from "./cfn-update";
import { templateVariants } from "./cfn-variants";

export type { Stack, StackStatus, StackEvent } from "./cfn-stacks";
export { CfnApiError, type CreateStackInput } from "./cfn-checks";
export type { RoleRegistry } from "./cfn-model";
export type { UpdateStackInput } from "./cfn-update";
export type { ResponseRecord } from "./cfn-requests";
export { TEMPLATE_VARIANTS, type TemplateVariant } from "./cfn-variants";

export interface CloudFormationOptions {
  origin: string;
  templateUrl: string;
  template: SandboxTemplate;
  knownTopics: string[];
  roles: RoleRegistry;
  canPublish(topicArn: string, accountId: string): boolean;
  publish: (topicArn: string, subject: string, message: string) => Promise<unknown>;
  /** Defaults to the template's ServiceTimeout, else CloudFormation's 3600 s. */
  serviceTimeoutMs?: number;
  /**
   * One more resource that depends on the custom resource (the organization
   * template's StackSet): created after the custom resource's Create succeeded,
   * deleted before its Delete is sent. `create` resolves to a failure reason or undefined.
   */
  dependent?: { logicalId: string; type: string; create(stack: Stack): Promise<string | undefined>; delete(stack: Stack): Promise<void> };
}

export function createCloudFormation(options: CloudFormationOptions) {
  const store = createStackStore();
  const variants = templateVariants(options.template);
  const templateOf = (stack: Stack) => variants[stack.templateVariant];
  const { logicalId, type: resourceType } = options.template.customResource;
  const roleLogicalId = options.template.role.logicalId;
  const serviceTimeoutMs = options.serviceTimeoutMs ?? (options.template.customResource.serviceTimeoutSeconds ?? 3600) * 1000;
  const channel = createRequestChannel({
    origin: options.origin,
    logicalId,
    resourceType,
    serviceTimeoutMs,
    publish: options.publish,
    onSettle: settle,
  });
  const updates = createStackUpdates({ store, roles: options.roles, variants, publishTarget: options, request });
  const propertiesOf = (stack: Stack) => resolveProperties(templateOf(stack), stack);

  function request(stack: Stack, call: CustomResourceCall): void {
    const status = `${requestTypeOf(call.phase).toUpperCase()}_IN_PROGRESS`;
    // A replacement's cleanup deletes the OLD resource: the stack's resource stays as it is.
    if (call.phase === "update-cleanup") store.historyEvent(stack, logicalId, status);
    else store.resourceEvent(stack, logicalId, status);
    if (call.phase === "create") stack.customResourceLive = true;
    channel.send(stack, call);
  }

  /** The custom resource finished one request (answered, or timed out). */
  function settle(stackId: string, call: CustomResourceCall, outcome: Outcome): void {
    const stack = store.get(stackId);
    if (!stack) return;
    if (call.phase === "create") return settleCreate(stack, outcome);
    if (call.phase === "delete" || call.phase === "create-rollback") return settleDelete(stack, outcome, call.phase === "create-rollback");
    updates.settle(stack, call, outcome);
  }

  function settleCreate(stack: Stack, outcome: Outcome): void {
    // Later requests carry the id from the first answer, failed or not, as CloudFormation does.
    if (outcome.physicalResourceId) stack.physicalResourceId = outcome.physicalResourceId;
    if (outcome.ok) {
      store.resourceEvent(stack, logicalId, "CREATE_COMPLETE");
      if (options.dependent) return void createDependent(stack, options.dependent);
      store.setStatus(stack, "CREATE_COMPLETE");
      return;
    }
    store.resourceEvent(stack, logicalId, "CREATE_FAILED", outcome.reason);
    rollBack(stack, logicalId, outcome.reason);
  }

  async function createDependent(stack: Stack, dependent: NonNullable<CloudFormationOptions["dependent"]>): Promise<void> {
    store.resourceEvent(stack, dependent.logicalId, "CREATE_IN_PROGRESS");
    const problem = await dependent.create(stack);
    if (!problem) {
      store.resourceEvent(stack, dependent.logicalId, "CREATE_COMPLETE");
      store.setStatus(stack, "CREATE_COMPLETE");
      return;
    }
    store.resourceEvent(stack, dependent.logicalId, "CREATE_FAILED", problem);
    rollBack(stack, dependent.logicalId, problem);
  }

  function rollBack(stack: Stack, failedLogicalId: string, reason: string): void {
    stack.failureReason = reason;
    store.setStatus(
      stack,
      "ROLLBACK_IN_PROGRESS",
      `The following resource(s) failed to create: [${failedLogicalId}]. Rollback requested by user.`,
    );
    // A custom resource that failed (or never answered) its Create still gets a Delete on rollback.
    request(stack, { phase: "create-rollback", properties: propertiesOf(stack), physicalResourceId: stack.physicalResourceId });
  }

  function settleDelete(stack: Stack, outcome: Outcome, rollback: boolean): void {
    if (!outcome.ok) {
      store.resourceEvent(stack, logicalId, "DELETE_FAILED", outcome.reason);
      stack.failureReason = outcome.reason;
      store.setStatus(stack, rollback ? "ROLLBACK_FAILED" : "DELETE_FAILED", outcome.reason);
      return;
    }
    store.resourceEvent(stack, logicalId, "DELETE_COMPLETE");
    stack.customResourceLive = false;
    deleteRole(stack);
    store.setStatus(stack, rollback ? "ROLLBACK_COMPLETE" : "DELETE_COMPLETE");
  }

  function deleteRole(stack: Stack): void {
    if (!stack.roleArn) return;
    store.resourceEvent(stack, roleLogicalId, "DELETE_IN_PROGRESS");
    options.roles.deleteRole(stack.roleArn);
    store.resourceEvent(stack, roleLogicalId, "DELETE_COMPLETE");
  }

  return {
    createStack(input: CreateStackInput): Stack {
      const template = variants[input.templateVariant ?? "current"];
      checkCreate(input, options.templateUrl, template);
      checkUnique(input, store.list());
      // An older version (tests only) is launched from today's link, which may
      // carry parameters that version did not have; the link of its day did not.
      const declared = new Set(template.parameters.map((p) => p.name));
      const given =
        input.templateVariant && input.templateVariant !== "current"
          ? Object.fromEntries(Object.entries(input.parameters).filter(([name]) => declared.has(name)))
          : input.parameters;
      const validated = validateParameters(template, given);
      if (!validated.ok) throw new CfnApiError("ValidationError", validated.message);
      const { region, accountId, stackName, templateUrl, capabilities, templateVariant = "current" } = input;
      const parameters = validated.values;
      const stack = store.add({
        region,
        accountId,
        stackName,
        templateUrl,
        capabilities,
        parameters,
        templateVariant,
        templateVersion: template.version,
      });

      // The role comes first: the custom resource references its ARN.
      const roleArn = generatedRoleArn(template, stack);
      stack.roleArn = roleArn;
      store.resourceEvent(stack, roleLogicalId, "CREATE_IN_PROGRESS");
      options.roles.putRole(resolveRole(template, { ...stack, roleArn }));
      store.resourceEvent(stack, roleLogicalId, "CREATE_COMPLETE");

      const properties = propertiesOf(stack);
      const problem = publishProblem(options, serviceTokenOf(properties), stack);
      if (!problem) {
        request(stack, { phase: "create", properties });
        return stack;
      }
      // The stack cannot even publish: the resource fails at once and the stack rolls back.
      store.resourceEvent(stack, logicalId, "CREATE_FAILED", problem);
      stack.failureReason = problem;
      store.setStatus(
        stack,
        "ROLLBACK_IN_PROGRESS",
        `The following resource(s) failed to create: [${logicalId}]. Rollback requested by user.`,
      );
      deleteRole(stack);
      store.setStatus(stack, "ROLLBACK_COMPLETE");
      return stack;
    },

    updateStack: updates.updateStack,

    deleteStack(stackId: string): Stack {
      const stack = store.get(stackId);
      if (!stack || stack.status === "DELETE_COMPLETE") throw new CfnApiError("ValidationError", `Stack with id ${stackId} does not exist`);
      if (stack.status.endsWith("_IN_PROGRESS")) {
        throw new CfnApiError("ValidationError", `Stack [${stack.stackName}] is in ${stack.status} state and can not be deleted now`);
      }
      store.setStatus(stack, "DELETE_IN_PROGRESS", "User Initiated");
      // Only a live custom resource has something to delete (a completed rollback already deleted it).
      if (stack.customResourceLive) {
        const sendDelete = () =>
          request(stack, { phase: "delete", properties: propertiesOf(stack), physicalResourceId: stack.physicalResourceId });
        const dependent = options.dependent;
        // Reverse dependency order: what depends on the custom resource goes first.
        if (dependent && stack.resources[dependent.logicalId]?.status === "CREATE_COMPLETE") {
          store.resourceEvent(stack, dependent.logicalId, "DELETE_IN_PROGRESS");
          void dependent.delete(stack).then(() => {
            store.resourceEvent(stack, dependent.logicalId, "DELETE_COMPLETE");
            sendDelete();
          });
        } else sendDelete();
      } else {
        deleteRole(stack);
        store.setStatus(stack, "DELETE_COMPLETE");
      }
      return stack;
    },

    receiveResponse: channel.receive,
    responses: channel.responses,
    listStacks: store.list,
    getStack: store.get,
    /** The stack's Outputs as its template defines them. */
    outputsOf: (stack: Stack) => resolveStackOutputs(templateOf(stack), stack),
    /** The logical ids and types of the stack's resources (for DescribeStackResource). */
    resourceTypes: {
      [roleLogicalId]: "AWS::IAM::Role",
      [logicalId]: resourceType,
      ...(options.dependent ? { [options.dependent.logicalId]: options.dependent.type } : {}),
    } as Record<string, string>,
    stop: channel.stop,
  };
}

export type SandboxCloudFormation = ReturnType<typeof createCloudFormation>;
