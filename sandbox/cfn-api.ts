/**
 * The CloudFormation read API (query protocol, Version=2010-05-15) rolelink
 * calls from inside the customer's account, with the role's temporary
 * credentials: DescribeStacks and DescribeStackResource, authorized as IAM
 * would (the session's role policy must allow the action on the stack's ARN).
 * One endpoint plays every region: the region is the SigV4 credential scope's.
 */
import { QueryError, queryHandler, type QueryRequest } from "./aws-query";
import type { SandboxCloudFormation, Stack } from "./cloudformation";
import { authorizeCaller, identifyCaller, type CallerIdentity } from "./sts-callers";
import type { StsState } from "./sts-state";

const NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
const DEFAULT_REGION = "us-east-1";
/** Outputs exist once the stack's resources do (not while creating, nor after a rollback or delete). */
const HAS_OUTPUTS = /^(CREATE_COMPLETE|UPDATE_|DELETE_IN_PROGRESS|DELETE_FAILED)/;

function required(request: QueryRequest, name: string): string {
  const value = request.params.get(name);
  if (!value) {
    const field = name.charAt(0).toLowerCase() + name.slice(1);
    throw new QueryError(
      400,
      "ValidationError",
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function createCloudFormationApiHandler(deps: { cloudformation: SandboxCloudFormation; sts: StsState }) {
  const { cloudformation } = deps;

  /**
   * The stack a StackName means in the caller's account and region, and the ARN
   * IAM authorizes against. A name only finds a live stack; a StackId also finds
   * a deleted one. Unknown stacks are authorized against `stack/<name>/*`, so a
   * caller without access learns nothing about what exists.
   */
  function findStack(caller: CallerIdentity, region: string, stackName: string): { stack?: Stack; arn: string } {
    if (stackName.startsWith("arn:")) {
      const stack = cloudformation.getStack(stackName);
      return { stack: stack?.region === region ? stack : undefined, arn: stackName };
    }
    const stack = cloudformation
      .listStacks()
      .find((s) => s.stackName === stackName && s.accountId === caller.accountId && s.region === region && s.status !== "DELETE_COMPLETE");
    return { stack, arn: stack?.stackId ?? `arn:aws:cloudformation:${region}:${caller.accountId}:stack/${stackName}/*` };
  }

  function authorizedStack(request: QueryRequest, action: string): Stack {
    const caller = identifyCaller(deps.sts, request);
    const stackName = required(request, "StackName");
    const { stack, arn } = findStack(caller, request.region ?? DEFAULT_REGION, stackName);
    authorizeCaller(caller, `cloudformation:${action}`, arn);
    if (!stack) throw new QueryError(400, "ValidationError", `Stack with id ${stackName} does not exist`);
    return stack;
  }

  function stackDescription(stack: Stack) {
    const outputs = HAS_OUTPUTS.test(stack.status) && stack.customResourceLive ? cloudformation.outputsOf(stack) : undefined;
    return {
      StackId: stack.stackId,
      StackName: stack.stackName,
      Parameters: Object.entries(stack.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
      CreationTime: stack.createdAt,
      DeletionTime: stack.deletionTime,
      LastUpdatedTime: stack.lastUpdatedTime,
      StackStatus: stack.status,
      StackStatusReason: stack.statusReason,
      DisableRollback: false,
      NotificationARNs: [],
      Capabilities: stack.capabilities,
      Outputs: outputs,
      Tags: [],
      EnableTerminationProtection: false,
      DriftInformation: { StackDriftStatus: "NOT_CHECKED" },
    };
  }

  function describeStacks(request: QueryRequest) {
    if (request.params.get("StackName")) return { Stacks: [stackDescription(authorizedStack(request, "DescribeStacks"))] };
    // No StackName: every live stack of the account and region, which needs the action on all of them.
    const caller = identifyCaller(deps.sts, request);
    const region = request.region ?? DEFAULT_REGION;
    authorizeCaller(caller, "cloudformation:DescribeStacks", `arn:aws:cloudformation:${region}:${caller.accountId}:stack/*/*`);
    const stacks = cloudformation
      .listStacks()
      .filter((s) => s.accountId === caller.accountId && s.region === region && s.status !== "DELETE_COMPLETE");
    return { Stacks: stacks.map(stackDescription) };
  }

  function describeStackResource(request: QueryRequest) {
    const logicalId = required(request, "LogicalResourceId");
    const stack = authorizedStack(request, "DescribeStackResource");
    const type = cloudformation.resourceTypes[logicalId];
    const state = stack.resources[logicalId];
    if (!type || !state)
      throw new QueryError(400, "ValidationError", `Resource ${logicalId} does not exist for stack ${required(request, "StackName")}`);
    // IAM roles' physical id is the role name; the custom resource's is what its Create answer said.
    const physicalId = type === "AWS::IAM::Role" ? stack.roleArn?.split("/").pop() : stack.physicalResourceId;
    return {
      StackResourceDetail: {
        StackName: stack.stackName,
        StackId: stack.stackId,
        LogicalResourceId: logicalId,
        PhysicalResourceId: physicalId,
        ResourceType: type,
        LastUpdatedTimestamp: state.timestamp,
        ResourceStatus: state.status,
        ResourceStatusReason: state.reason,
        DriftInformation: { StackResourceDriftStatus: "NOT_CHECKED" },
      },
    };
  }

  return queryHandler(NAMESPACE, { DescribeStacks: describeStacks, DescribeStackResource: describeStackResource });
}
