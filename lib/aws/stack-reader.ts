/**
 * Seeing a stack from inside the customer's account: AssumeRole with the
 * External ID, then CloudFormation DescribeStacks and DescribeStackResource
 * on the request's StackId, in the stack's region, with the role session's
 * credentials (the customer template allows exactly those two reads on its
 * own stack). The credentials stay inside proveAccess's callback.
 */
import { DescribeStackResourceCommand, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { proveAccessWithRetry, type AccessProof, type ProveAccessInput, type RetryOptions } from "./assume-role";
import { cloudFormationClientWithCredentials, type TemporaryCredentials } from "./clients";
import { classifyStsError } from "./sts-errors";

export type StackView =
  | {
      kind: "found";
      status: string;
      parameters: Record<string, string>;
      resource: { status: string; physicalResourceId: string | null } | null;
    }
  /** DescribeStacks by StackId answered "does not exist": this account never had that stack. */
  | { kind: "not_found" }
  /** The role may not describe this stack: an older template without the permission, or another stack. */
  | { kind: "denied" }
  | { kind: "unavailable" };

export interface InsideView {
  access: AccessProof;
  /** Present when access was proven. */
  stack?: StackView;
}

export interface StackReadInput extends ProveAccessInput {
  stackId: string;
  stackRegion: string;
  logicalResourceId: string;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function viewStackFromInside(
  input: StackReadInput,
  options: RetryOptions & { deniedRetries?: number; deniedDelayMs?: number } = {},
): Promise<InsideView> {
  let stack: StackView | undefined;
  const access = await proveAccessWithRetry(input, options, async (credentials) => {
    stack = await describe(credentials, input, options);
  });
  return access.ok ? { access, stack: stack ?? { kind: "unavailable" } } : { access };
}

async function describe(
  credentials: TemporaryCredentials,
  input: StackReadInput,
  options: { deniedRetries?: number; deniedDelayMs?: number; sleep?: (ms: number) => Promise<void> },
): Promise<StackView> {
  const client = cloudFormationClientWithCredentials(credentials, input.stackRegion);
  const sleep = options.sleep ?? realSleep;
  // A new role's inline policy can lag its trust policy by a few seconds: a
  // denial right after AssumeRole worked is retried briefly before it counts.
  const retries = options.deniedRetries ?? 3;
  for (let attempt = 0; ; attempt++) {
    const view = await describeOnce(client, input);
    if (view.kind !== "denied" && view.kind !== "unavailable") return view;
    if (attempt >= retries) return view;
    await sleep((options.deniedDelayMs ?? 1_000) * 2 ** attempt);
  }
}

async function describeOnce(client: ReturnType<typeof cloudFormationClientWithCredentials>, input: StackReadInput): Promise<StackView> {
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: input.stackId }));
    const found = Stacks?.find((stack) => stack.StackId === input.stackId);
    if (!found?.StackStatus) return { kind: "not_found" };
    const parameters = Object.fromEntries((found.Parameters ?? []).map((p) => [p.ParameterKey ?? "", p.ParameterValue ?? ""]));
    let resource: { status: string; physicalResourceId: string | null } | null = null;
    try {
      const { StackResourceDetail: detail } = await client.send(
        new DescribeStackResourceCommand({ StackName: input.stackId, LogicalResourceId: input.logicalResourceId }),
      );
      if (detail?.ResourceStatus) resource = { status: detail.ResourceStatus, physicalResourceId: detail.PhysicalResourceId ?? null };
    } catch (error) {
      if (classifyStsError(error) !== "invalid_input") return classify(error);
      // ValidationError: the stack has no such resource.
    }
    return { kind: "found", status: found.StackStatus, parameters, resource };
  } catch (error) {
    return classify(error);
  }
}

function classify(error: unknown): StackView {
  const code = classifyStsError(error);
  if (code === "access_denied") return { kind: "denied" };
  // CloudFormation answers an unknown StackId with a ValidationError ("Stack with id X does not exist").
  if (code === "invalid_input") return { kind: "not_found" };
  return { kind: "unavailable" };
}
