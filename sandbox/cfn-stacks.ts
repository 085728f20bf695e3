/** In-memory stacks and their event history, shaped like DescribeStacks / DescribeStackEvents. */
import { randomUUID } from "node:crypto";

export type StackStatus =
  | "CREATE_IN_PROGRESS"
  | "CREATE_COMPLETE"
  | "CREATE_FAILED"
  | "ROLLBACK_IN_PROGRESS"
  | "ROLLBACK_COMPLETE"
  | "ROLLBACK_FAILED"
  | "DELETE_IN_PROGRESS"
  | "DELETE_COMPLETE"
  | "DELETE_FAILED";

export interface StackEvent {
  eventId: string;
  timestamp: string;
  logicalResourceId: string;
  status: string;
  reason?: string;
}

export interface Stack {
  stackId: string;
  stackName: string;
  region: string;
  accountId: string;
  templateUrl: string;
  parameters: Record<string, string>;
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
  /** Newest first, as the console lists them. */
  events: StackEvent[];
}

export function createStackStore() {
  const stacks = new Map<string, Stack>();

  function event(stack: Stack, logicalResourceId: string, status: string, reason?: string): void {
    const timestamp = new Date().toISOString();
    stack.updatedAt = timestamp;
    stack.events.unshift({ eventId: randomUUID(), timestamp, logicalResourceId, status, ...(reason ? { reason } : {}) });
  }

  return {
    add(input: { stackName: string; region: string; accountId: string; templateUrl: string; parameters: Record<string, string> }): Stack {
      const now = new Date().toISOString();
      const stack: Stack = {
        stackId: `arn:aws:cloudformation:${input.region}:${input.accountId}:stack/${input.stackName}/${randomUUID()}`,
        ...input,
        status: "CREATE_IN_PROGRESS",
        statusReason: "User Initiated",
        customResourceLive: false,
        createdAt: now,
        updatedAt: now,
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
      event(stack, stack.stackName, status, reason);
    },
    resourceEvent: event,
  };
}
