/**
 * Sandbox service-managed StackSets: the account template deployed, through
 * the sandbox CloudFormation (so each member stack's custom resource phones
 * home over SNS), to every member account under the targets, never to the
 * management account; at most MaxConcurrentCount stacks in progress at once;
 * one operation at a time per StackSet, as in AWS; auto-deployment that
 * follows accounts into and out of the targets.
 */
import { randomUUID } from "node:crypto";
import { CfnApiError, type SandboxCloudFormation, type Stack } from "./cloudformation";
import type { OrgChange, SandboxOrganizations } from "./org-model";

/** StackInstanceDetailedStatus, and the summary Status AWS derives from it. */
export type InstanceDetailedStatus = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED" | "INOPERABLE";

export interface StackInstance {
  accountId: string;
  region: string;
  /** CURRENT once its stack matches the StackSet; OUTDATED while pending, running or failed. */
  status: "CURRENT" | "OUTDATED" | "INOPERABLE";
  detailedStatus: InstanceDetailedStatus;
  statusReason?: string;
  stackId?: string;
}

export interface StackSetInput {
  administratorAccountId: string;
  region: string;
  name: string;
  callAs?: "SELF" | "DELEGATED_ADMIN";
  templateUrl: string;
  parameters: Record<string, string>;
  targets: string[];
  maxConcurrentCount: number;
  autoDeployment: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
}

export interface StackSet extends StackSetInput {
  stackSetId: string;
  organizationId: string;
  status: "ACTIVE" | "DELETED";
  instances: Map<string, StackInstance>;
}

type Work = { accountId: string; action: "create" | "delete" };

const TERMINAL = /_COMPLETE$|_FAILED$/;
const POLL_MS = 20;

export function createStackSets(deps: { organizations: SandboxOrganizations; cloudformation: SandboxCloudFormation; pollMs?: number }) {
  const stackSets = new Map<string, StackSet>();
  /** Per StackSet: the operations still to run, one at a time. */
  const queues = new Map<string, Promise<void>>();
  let stopped = false;

  function enqueue(set: StackSet, work: Work[]): Promise<void> {
    const previous = queues.get(set.stackSetId) ?? Promise.resolve();
    const next = previous.then(() => runOperation(set, work));
    queues.set(set.stackSetId, next);
    return next;
  }

  /** Runs one operation: at most maxConcurrentCount instances in flight. */
  async function runOperation(set: StackSet, work: Work[]): Promise<void> {
    for (const { accountId, action } of work) {
      if (action === "create")
        set.instances.set(accountId, { accountId, region: set.region, status: "OUTDATED", detailedStatus: "PENDING" });
    }
    const queue = [...work];
    const worker = async () => {
      for (let item = queue.shift(); item && !stopped; item = queue.shift())
        await (item.action === "create" ? createInstance(set, item.accountId) : deleteInstance(set, item.accountId));
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(set.maxConcurrentCount, work.length)) }, worker));
  }

  async function settled(stackId: string): Promise<Stack | undefined> {
    for (;;) {
      const stack = deps.cloudformation.getStack(stackId);
      if (!stack || stopped || (TERMINAL.test(stack.status) && !stack.status.endsWith("_IN_PROGRESS"))) return stack;
      await new Promise((resolve) => setTimeout(resolve, deps.pollMs ?? POLL_MS));
    }
  }

  async function createInstance(set: StackSet, accountId: string): Promise<void> {
    const instance = set.instances.get(accountId);
    if (!instance) return;
    instance.detailedStatus = "RUNNING";
    try {
      const stack = deps.cloudformation.createStack({
        region: set.region,
        accountId,
        stackName: `StackSet-${set.name}-${randomUUID()}`,
        templateUrl: set.templateUrl,
        parameters: set.parameters,
        capabilities: ["CAPABILITY_IAM"],
      });
      instance.stackId = stack.stackId;
      const done = await settled(stack.stackId);
      const ok = done?.status === "CREATE_COMPLETE";
      Object.assign(
        instance,
        ok
          ? { status: "CURRENT", detailedStatus: "SUCCEEDED", statusReason: undefined }
          : { status: "OUTDATED", detailedStatus: "FAILED", statusReason: done?.failureReason ?? done?.statusReason ?? "stack failed" },
      );
    } catch (error) {
      Object.assign(instance, {
        status: "OUTDATED",
        detailedStatus: "FAILED",
        statusReason: error instanceof Error ? error.message : "failed",
      });
    }
  }

  async function deleteInstance(set: StackSet, accountId: string): Promise<void> {
    const instance = set.instances.get(accountId);
    if (!instance) return;
    instance.detailedStatus = "RUNNING";
    const stack = instance.stackId ? deps.cloudformation.getStack(instance.stackId) : undefined;
    if (stack && stack.status !== "DELETE_COMPLETE" && stack.status !== "ROLLBACK_COMPLETE") {
      deps.cloudformation.deleteStack(stack.stackId);
      const done = await settled(stack.stackId);
      if (done?.status !== "DELETE_COMPLETE") {
        Object.assign(instance, { status: "INOPERABLE", detailedStatus: "FAILED", statusReason: done?.statusReason ?? "delete failed" });
        return;
      }
    }
    set.instances.delete(accountId);
  }

  /** Auto-deployment: an account that enters the targets gets an instance; one that leaves loses it. */
  deps.organizations.onChange((change: OrgChange) => {
    const org = deps.organizations.get(change.organizationId);
    if (!org) return;
    for (const set of stackSets.values()) {
      if (
        set.organizationId !== org.id ||
        set.status !== "ACTIVE" ||
        !set.autoDeployment.enabled ||
        change.accountId === org.managementAccountId
      )
        continue;
      const under = (parentId?: string) =>
        parentId !== undefined && deps.organizations.ancestry(org, parentId).some((id) => set.targets.includes(id));
      const was = under(change.from) || set.instances.has(change.accountId);
      const is = change.to !== undefined && under(change.to);
      if (is && !was) void enqueue(set, [{ accountId: change.accountId, action: "create" }]);
      if (was && !is && !set.autoDeployment.retainStacksOnAccountRemoval)
        void enqueue(set, [{ accountId: change.accountId, action: "delete" }]);
    }
  });

  return {
    /** CreateStackSet + CreateStackInstances for the targets, as the AWS::CloudFormation::StackSet resource does. Resolves when the first operation ends. */
    async create(input: StackSetInput): Promise<StackSet> {
      const org = deps.organizations.organizationOf(input.administratorAccountId);
      if (!org) throw new CfnApiError("ValidationError", "Account is not a member of an organization");
      if (!org.stackSetsTrustedAccess)
        throw new CfnApiError("ValidationError", "You must enable organizations access to operate a service managed stack set");
      const callAs = input.callAs ?? "SELF";
      if (callAs === "SELF" && input.administratorAccountId !== org.managementAccountId) {
        throw new CfnApiError(
          "ValidationError",
          "Account used is not the organization's management account. Use CallAs DELEGATED_ADMIN from a delegated administrator account.",
        );
      }
      const unknown = input.targets.filter((id) => id !== org.rootId && !org.units.has(id));
      if (unknown.length > 0)
        throw new CfnApiError("ValidationError", `OrganizationalUnitIds not found in the organization: ${unknown.join(", ")}`);
      if (
        [...stackSets.values()].some(
          (s) =>
            s.status === "ACTIVE" &&
            s.name === input.name &&
            s.administratorAccountId === input.administratorAccountId &&
            s.region === input.region,
        )
      ) {
        throw new CfnApiError("NameAlreadyExistsException", `StackSet ${input.name} already exists`);
      }
      const set: StackSet = {
        ...input,
        callAs,
        stackSetId: `${input.name}:${randomUUID()}`,
        organizationId: org.id,
        status: "ACTIVE",
        instances: new Map(),
      };
      stackSets.set(set.stackSetId, set);
      await enqueue(
        set,
        deps.organizations.membersUnder(org, input.targets).map((a) => ({ accountId: a.id, action: "create" as const })),
      );
      return set;
    },
    /** Deletes every instance (each stack's Delete phones home), then the StackSet. */
    async delete(stackSetId: string): Promise<void> {
      const set = stackSets.get(stackSetId);
      if (!set || set.status === "DELETED") throw new CfnApiError("StackSetNotFoundException", `StackSet ${stackSetId} not found`, 404);
      await enqueue(
        set,
        [...set.instances.keys()].map((accountId) => ({ accountId, action: "delete" as const })),
      );
      set.status = "DELETED";
    },
    get: (stackSetId: string) => stackSets.get(stackSetId),
    list: () => [...stackSets.values()],
    /** Resolves when every queued operation of the StackSet has ended. */
    idle: (stackSetId: string) => queues.get(stackSetId) ?? Promise.resolve(),
    stop: (): void => {
      stopped = true;
    },
  };
}

export type SandboxStackSets = ReturnType<typeof createStackSets>;
