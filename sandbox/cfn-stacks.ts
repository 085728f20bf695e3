/** In-memory stacks and their event history, shaped like DescribeStacks / DescribeStackEvents. */
import { randomBytes, randomUUID } from "node:crypto";
import type { TemplateVariant } from "./cfn-variants";

export type StackStatus =
  | "CREATE_IN_PROGRESS"
  | "CREATE_COMPLETE"
  | "CREATE_FAILED"
  | "ROLLBACK_IN_PROGRESS"
  | "ROLLBACK_COMPLETE"
  | "ROLLBACK_FAILED"
  | "DELETE_IN_PROGRESS"
  | "DELETE_COMPLETE"
  | "DELETE_FAILED"
  | "UPDATE_IN_PROGRESS"
  | "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"
  | "UPDATE_COMPLETE"
  | "UPDATE_ROLLBACK_IN_PROGRESS"
  | "UPDATE_ROLLBACK_FAILED"
  | "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"
  | "UPDATE_ROLLBACK_COMPLETE";

/** The states UpdateStack accepts, as CloudFormation does. */
export const UPDATABLE_STATUSES: ReadonlySet<StackStatus> = new Set(["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE"]);

export interface StackEvent {
  eventId: string;
  timestamp: string;
  logicalResourceId: string;
  status: string;
  reason?: string;
}

/** The latest state of one resource, for DescribeStackResource. */
export interface ResourceState {
  status: string;
  timestamp: string;
  reason?: string;
}

export interface Stack {
  stackId: string;
  stackName: string;
  region: string;
  accountId: string;
  templateUrl: string;
  /** Which version of the customer template the stack runs (tests can create legacy stacks). */
  templateVariant: TemplateVariant;
  templateVersion: string;
  parameters: Record<string, string>;
  capabilities: string[];
  status: StackStatus;
  statusReason?: string;
  /** The custom resource's failure as CloudFormation shows it (it quotes our Reason). */
  failureReason?: string;
  roleArn?: string;
  physicalResourceId?: string;
  /** A Create was sent and no Delete has succeeded: deleting the stack must send Delete. */
  customResourceLive: boolean;
  createdAt: string;
  updatedAt: string;
  /** DescribeStacks' LastUpdatedTime: set when an update starts. */
  lastUpdatedTime?: string;
  deletionTime?: string;
  resources: Record<string, ResourceState>;
  /** Newest first, as the console lists them. */
  events: StackEvent[];
}

export type NewStack = Pick<
  Stack,
  "stackName" | "region" | "accountId" | "templateUrl" | "templateVariant" | "templateVersion" | "parameters" | "capabilities"
>;

export function createStackStore() {
  const stacks = new Map<string, Stack>();

  function event(stack: Stack, logicalResourceId: string, status: string, reason?: string): string {
    const timestamp = new Date().toISOString();
    stack.updatedAt = timestamp;
    stack.events.unshift({ eventId: randomUUID(), timestamp, logicalResourceId, status, ...(reason ? { reason } : {}) });
    return timestamp;
  }

  return {
    add(input: NewStack): Stack {
      const now = new Date().toISOString();
      const stack: Stack = {
        stackId: `arn:aws:cloudformation:${input.region}:${input.accountId}:stack/${input.stackName}/${randomUUID()}`,
        ...input,
        status: "CREATE_IN_PROGRESS",
        statusReason: "User Initiated",
        customResourceLive: false,
        createdAt: now,
        updatedAt: now,
        resources: {},
        events: [],
      };
      stacks.set(stack.stackId, stack);
      event(stack, stack.stackName, stack.status, stack.statusReason);
      return stack;
    },
    get: (stackId: string): Stack | undefined => stacks.get(stackId),
    /** Newest first. */
    list: (): Stack[] => [...stacks.values()].reverse(),
    setStatus(stack: Stack, status: StackStatus, reason?: string): void {
      stack.status = status;
      stack.statusReason = reason;
      const at = event(stack, stack.stackName, status, reason);
      if (status === "UPDATE_IN_PROGRESS") stack.lastUpdatedTime = at;
      if (status === "DELETE_COMPLETE") stack.deletionTime = at;
    },
    /** An event about a resource that is no longer the stack's (the old one of a replacement). */
    historyEvent(stack: Stack, logicalResourceId: string, status: string, reason?: string): void {
      event(stack, logicalResourceId, status, reason);
    },
    resourceEvent(stack: Stack, logicalResourceId: string, status: string, reason?: string): void {
      const timestamp = event(stack, logicalResourceId, status, reason);
      stack.resources[logicalResourceId] = { status, timestamp, ...(reason ? { reason } : {}) };
    },
  };
}

export type StackStore = ReturnType<typeof createStackStore>;

/** Like the suffix CloudFormation gives generated names (`...-1R7TIJN9P2TCM`). */
export function randomId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return Array.from(randomBytes(13), (b) => alphabet[b % alphabet.length]).join("");
}
