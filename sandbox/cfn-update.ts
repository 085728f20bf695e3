/**
 * UpdateStack as CloudFormation runs it for the customer template: the role
 * is updated in place (the template gives it no RoleName, so trust and policy
 * changes never replace it), then the custom resource gets an Update if its
 * resolved properties changed. A new PhysicalResourceId means replacement (the
 * old one is deleted during cleanup); a failure rolls everything back,
 * including an Update back to the old properties.
 */
import { validateParameters, type SandboxTemplate } from "./cfn-template";
import { CfnApiError, publishProblem, type PublishTarget } from "./cfn-checks";
import { resolveProperties, resolveRole, sameJson, serviceTokenOf, type RoleRegistry } from "./cfn-model";
import type { CustomResourceCall, Outcome } from "./cfn-requests";
import { UPDATABLE_STATUSES, type Stack, type StackStore } from "./cfn-stacks";
import type { TemplateVariant } from "./cfn-variants";
import type { RoleDefinition } from "./sts-state";

export interface UpdateStackInput {
  /** New values for some parameters; the others keep their current values (UsePreviousValue). */
  parameters?: Record<string, string>;
  /** "Replace current template" with the sandbox's current template. */
  useCurrentTemplate?: boolean;
  /** Tests: the template version to update to (wins over useCurrentTemplate). */
  templateVariant?: TemplateVariant;
}

export interface UpdateDeps {
  store: StackStore;
  roles: RoleRegistry;
  variants: Record<TemplateVariant, SandboxTemplate>;
  publishTarget: PublishTarget;
  /** Sends a custom resource request (and records the resource's IN_PROGRESS event). */
  request(stack: Stack, call: CustomResourceCall): void;
}

interface Revision {
  parameters: Record<string, string>;
  templateVariant: TemplateVariant;
  templateVersion: string;
  role: RoleDefinition;
  properties: Record<string, unknown>;
}

export function createStackUpdates(deps: UpdateDeps) {
  const { store } = deps;
  const logicalId = deps.variants.current.customResource.logicalId;
  const roleLogicalId = deps.variants.current.role.logicalId;
  const inFlight = new Map<string, { before: Revision; after: Revision }>();

  function revisionOf(stack: Stack): Revision {
    const template = deps.variants[stack.templateVariant];
    const role = resolveRole(template, { ...stack, roleArn: stack.roleArn ?? "" });
    const { parameters, templateVariant, templateVersion } = stack;
    return { parameters, templateVariant, templateVersion, role, properties: resolveProperties(template, stack) };
  }

  function apply(stack: Stack, revision: Revision): void {
    stack.parameters = revision.parameters;
    stack.templateVariant = revision.templateVariant;
    stack.templateVersion = revision.templateVersion;
  }

  function updateRole(stack: Stack, from: RoleDefinition, to: RoleDefinition): void {
    if (sameJson(from, to)) return;
    store.resourceEvent(stack, roleLogicalId, "UPDATE_IN_PROGRESS");
    deps.roles.updateRole(to);
    store.resourceEvent(stack, roleLogicalId, "UPDATE_COMPLETE");
  }

  function finish(stack: Stack, rolledBack: boolean): void {
    inFlight.delete(stack.stackId);
    store.setStatus(stack, rolledBack ? "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS" : "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
    store.setStatus(stack, rolledBack ? "UPDATE_ROLLBACK_COMPLETE" : "UPDATE_COMPLETE");
  }

  /** Back to the old parameters and role; the custom resource gets the reverse Update only if it was sent one. */
  function rollBack(stack: Stack, failure: string, requestWasSent: boolean): void {
    const flight = inFlight.get(stack.stackId);
    if (!flight) return;
    store.resourceEvent(stack, logicalId, "UPDATE_FAILED", failure);
    stack.failureReason = failure;
    store.setStatus(stack, "UPDATE_ROLLBACK_IN_PROGRESS", `The following resource(s) failed to update: [${logicalId}]. `);
    apply(stack, flight.before);
    updateRole(stack, flight.after.role, flight.before.role);
    if (!requestWasSent) return finish(stack, true);
    const { before, after } = flight;
    deps.request(stack, {
      phase: "update-rollback",
      properties: before.properties,
      oldProperties: after.properties,
      physicalResourceId: stack.physicalResourceId,
    });
  }

  return {
    updateStack: (stackId: string, input: UpdateStackInput): Stack => {
      const stack = store.get(stackId);
      if (!stack || stack.status === "DELETE_COMPLETE") throw new CfnApiError("ValidationError", `Stack [${stackId}] does not exist`);
      if (!UPDATABLE_STATUSES.has(stack.status)) {
        throw new CfnApiError("ValidationError", `Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
      }
      const variant = input.templateVariant ?? (input.useCurrentTemplate ? "current" : stack.templateVariant);
      const template = deps.variants[variant];
      // UsePreviousValue for what the new template still declares; a parameter it dropped is dropped.
      const declared = new Set(template.parameters.map((p) => p.name));
      const previous = Object.fromEntries(Object.entries(stack.parameters).filter(([name]) => declared.has(name)));
      const validated = validateParameters(template, { ...previous, ...input.parameters });
      if (!validated.ok) throw new CfnApiError("ValidationError", validated.message);
      if (variant === stack.templateVariant && sameJson(validated.values, stack.parameters)) {
        throw new CfnApiError("ValidationError", "No updates are to be performed.");
      }

      const before = revisionOf(stack);
      apply(stack, { ...before, parameters: validated.values, templateVariant: variant, templateVersion: template.version });
      const after = revisionOf(stack);
      inFlight.set(stack.stackId, { before, after });
      stack.failureReason = undefined;
      store.setStatus(stack, "UPDATE_IN_PROGRESS", "User Initiated");
      // The role first: the custom resource references it.
      updateRole(stack, before.role, after.role);
      if (sameJson(before.properties, after.properties)) {
        finish(stack, false);
        return stack;
      }
      const oldToken = serviceTokenOf(before.properties);
      const newToken = serviceTokenOf(after.properties);
      const problem =
        oldToken !== newToken ? "Modifying service token is not allowed." : publishProblem(deps.publishTarget, newToken, stack);
      if (problem) rollBack(stack, problem, false);
      else
        deps.request(stack, {
          phase: "update",
          properties: after.properties,
          oldProperties: before.properties,
          physicalResourceId: stack.physicalResourceId,
        });
      return stack;
    },

    /** The answer to an Update, a replacement's cleanup Delete, or a rollback Update. */
    settle(stack: Stack, call: CustomResourceCall, outcome: Outcome): void {
      const flight = inFlight.get(stack.stackId);
      if (!flight) return;
      if (call.phase === "update") {
        if (!outcome.ok) return rollBack(stack, outcome.reason, true);
        const replaced = outcome.physicalResourceId !== call.physicalResourceId;
        store.resourceEvent(
          stack,
          logicalId,
          "UPDATE_COMPLETE",
          replaced ? "Requested update required the provider to create a new physical resource" : undefined,
        );
        if (!replaced) return finish(stack, false);
        stack.physicalResourceId = outcome.physicalResourceId;
        store.setStatus(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
        deps.request(stack, { phase: "update-cleanup", properties: flight.before.properties, physicalResourceId: call.physicalResourceId });
        return;
      }
      if (call.phase === "update-cleanup") {
        // The old resource is gone from the stack whatever its Delete answered; the update stands.
        store.historyEvent(stack, logicalId, outcome.ok ? "DELETE_COMPLETE" : "DELETE_FAILED", outcome.ok ? undefined : outcome.reason);
        inFlight.delete(stack.stackId);
        store.setStatus(stack, "UPDATE_COMPLETE");
        return;
      }
      if (outcome.ok) {
        store.resourceEvent(stack, logicalId, "UPDATE_COMPLETE");
        return finish(stack, true);
      }
      store.resourceEvent(stack, logicalId, "UPDATE_FAILED", outcome.reason);
      stack.failureReason = outcome.reason;
      inFlight.delete(stack.stackId);
      store.setStatus(stack, "UPDATE_ROLLBACK_FAILED", outcome.reason);
    },
  };
}
