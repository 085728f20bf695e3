/**
 * The organization benchmark's side of "AWS": an organization of N member
 * accounts made through the sandbox's HTTP API (as e2e/organization.spec.ts
 * makes its own), the management stack's clock read from its events, and the
 * same-run floor: the sandbox alone rolling the StackSet out to a responder
 * that answers each request as soon as the member's new role could be assumed.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { loadOrgTemplate } from "@/lib/cfn/org-template";
import { trustParameters } from "@/lib/cfn/template-review";
import { generateExternalId } from "@/lib/connections/external-id";
import { SANDBOX_REGIONS, SANDBOX_VENDOR_ACCOUNT } from "@/scripts/local-stack";
import { startSandbox } from "@/sandbox/server";
import { sleep } from "./budget";

export const REGION = "us-east-1";
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${SANDBOX_VENDOR_ACCOUNT}:rolelink-sandbox`;
const STACK_SET_LOGICAL_ID =
  Object.entries(loadOrgTemplate().document.Resources).find(([, r]) => r.Type === "AWS::CloudFormation::StackSet")?.[0] ?? "MemberStackSet";

const eventSchema = z.object({ timestamp: z.string(), logicalResourceId: z.string(), status: z.string() });
export const stackSchema = z.object({
  stackId: z.string(),
  stackName: z.string(),
  accountId: z.string(),
  status: z.string(),
  failureReason: z.string().optional(),
  events: z.array(eventSchema),
});
export type SandboxStack = z.infer<typeof stackSchema>;

export async function sandboxJson(base: string, path: string, init?: { method: string; body: unknown }): Promise<unknown> {
  const response = await fetch(new URL(path, base), {
    method: init?.method ?? "GET",
    ...(init ? { headers: { "Content-Type": "application/json" }, body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`sandbox ${init?.method ?? "GET"} ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

export interface BenchOrganization {
  organizationId: string;
  managementAccountId: string;
  targetOu: string;
  members: string[];
}

/** A management account, one target OU and `count` member accounts in it (16 requests at a time). */
export async function createOrganization(sandbox: string, count: number): Promise<BenchOrganization> {
  const managementAccountId = "510000000000";
  const { organization } = (await sandboxJson(sandbox, "api/organizations", {
    method: "POST",
    body: { managementAccountId, stackSetsTrustedAccess: true },
  })) as { organization: { id: string; rootId: string } };
  const { unit } = (await sandboxJson(sandbox, `api/organizations/${organization.id}/units`, {
    method: "POST",
    body: { parentId: organization.rootId, name: "Workloads" },
  })) as { unit: { id: string } };
  const members = Array.from({ length: count }, (_, i) => String(Number(managementAccountId) + 1 + i));
  const queue = [...members];
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift())
      await sandboxJson(sandbox, `api/organizations/${organization.id}/accounts`, {
        method: "POST",
        body: { id, name: `member-${id}`, parentId: unit.id },
      });
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return { organizationId: organization.id, managementAccountId, targetOu: unit.id, members };
}

export async function createStack(
  sandbox: string,
  input: { accountId: string; stackName: string; templateUrl: string; parameters: Record<string, string> },
): Promise<SandboxStack> {
  const body = (await sandboxJson(sandbox, "api/stacks", {
    method: "POST",
    body: { region: REGION, ...input, capabilities: ["CAPABILITY_IAM"] },
  })) as { stack: unknown };
  return stackSchema.parse(body.stack);
}

export async function getStack(sandbox: string, stackId: string): Promise<SandboxStack> {
  return stackSchema.parse(((await sandboxJson(sandbox, `api/stacks/${encodeURIComponent(stackId)}`)) as { stack: unknown }).stack);
}

/** When the StackSet resource began (the management stack's PhoneHome was answered), or undefined. */
export function stackSetStartedAt(stack: SandboxStack): number | undefined {
  const event = stack.events.find((e) => e.logicalResourceId === STACK_SET_LOGICAL_ID && e.status === "CREATE_IN_PROGRESS");
  return event ? Date.parse(event.timestamp) : undefined;
}

/** When the stack itself reached `status` (events are newest first). */
export function stackReachedAt(stack: SandboxStack, status: string): number | undefined {
  const event = stack.events.find((e) => e.logicalResourceId === stack.stackName && e.status === status);
  return event ? Date.parse(event.timestamp) : undefined;
}

export async function waitForStack(sandbox: string, stackId: string, deadline: number, signal: AbortSignal): Promise<SandboxStack> {
  for (;;) {
    const stack = await getStack(sandbox, stackId);
    if (!stack.status.endsWith("_IN_PROGRESS") || Date.now() > deadline || signal.aborted) return stack;
    await sleep(200);
  }
}

/** The most member stacks CREATE_IN_PROGRESS at once, from their own events: the StackSet's concurrency as run. */
export function peakInProgress(stacks: SandboxStack[]): number {
  const edges: Array<[number, number]> = [];
  for (const stack of stacks) {
    const started = stackReachedAt(stack, "CREATE_IN_PROGRESS");
    const ended = stack.events.find((e) => e.logicalResourceId === stack.stackName && !e.status.endsWith("_IN_PROGRESS"));
    if (started === undefined) continue;
    edges.push([started, 1], [ended ? Date.parse(ended.timestamp) : Number.POSITIVE_INFINITY, -1]);
  }
  // At equal times an end comes before a start: the StackSet starts the next stack when one ends.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, step] of edges) peak = Math.max(peak, (now += step));
  return peak;
}

interface Floor {
  stackSetToCompleteMs: number;
  instancesSucceeded: number;
  peakInProgress: number;
}

/**
 * The same organization and template on a sandbox of its own, whose SNS endpoint is a responder that
 * checks nothing and answers every request SUCCESS `answerAfterMs` after it arrives: the wait IAM
 * propagation forces on anyone who must assume the member's new role before vouching for it.
 */
export async function measureFloor(options: {
  count: number;
  answerAfterMs: number;
  deadlineMs: number;
  signal: AbortSignal;
}): Promise<Floor> {
  const responder = await startResponder(options.answerAfterMs);
  const sandbox = await startSandbox({
    port: 0,
    appSnsEndpoint: responder.url,
    vendorAccountId: SANDBOX_VENDOR_ACCOUNT,
    topicArns: SANDBOX_REGIONS.map((region) => `arn:aws:sns:${region}:${SANDBOX_VENDOR_ACCOUNT}:rolelink-sandbox`),
    baseAccessKeyId: "AKIASANDBOXFLOOR0001",
    iamPropagationMs: options.answerAfterMs,
  });
  try {
    const deadline = Date.now() + options.deadlineMs;
    while (!sandbox.state.delivery.listSubscriptions().some((s) => s.topicArn === TOPIC_ARN && s.status === "confirmed")) {
      if (Date.now() > deadline) throw new Error("floor: the responder never confirmed its subscription");
      await sleep(20);
    }
    // Every account may publish: who is allowed is rolelink's concern, not the floor's.
    sandbox.state.snsApi.setOpen(TOPIC_ARN, true);
    const org = await createOrganization(sandbox.origin, options.count);
    const { TrustedAccount, TrustedRoleName } = trustParameters(`arn:aws:iam::${SANDBOX_VENDOR_ACCOUNT}:role/rolelink-app`);
    const created = await createStack(sandbox.origin, {
      accountId: org.managementAccountId,
      stackName: "floor-org",
      templateUrl: sandbox.state.orgTemplateUrl,
      parameters: {
        ExternalId: generateExternalId(),
        TrustedAccount,
        TrustedRoleName,
        SnsTopicArn: TOPIC_ARN,
        MemberTemplateURL: sandbox.state.templateUrl,
        OrganizationalUnitIds: org.targetOu,
        CallAs: "SELF",
      },
    });
    const done = await waitForStack(sandbox.origin, created.stackId, deadline, options.signal);
    const started = stackSetStartedAt(done);
    const completed = stackReachedAt(done, "CREATE_COMPLETE");
    if (started === undefined || completed === undefined) throw new Error(`floor: the organization stack ended ${done.status}`);
    const set = sandbox.state.stackSets.list()[0];
    const members = new Set(org.members);
    const stacks = sandbox.state.cloudformation
      .listStacks()
      .filter((s) => members.has(s.accountId))
      .map((s) => stackSchema.parse(s));
    return {
      stackSetToCompleteMs: completed - started,
      instancesSucceeded: [...(set?.instances.values() ?? [])].filter((i) => i.detailedStatus === "SUCCEEDED").length,
      peakInProgress: peakInProgress(stacks),
    };
  } finally {
    await sandbox.stop();
    await new Promise((resolve) => responder.server.close(resolve));
  }
}

const envelopeSchema = z.object({ Type: z.string(), SubscribeURL: z.string().optional(), Message: z.string().optional() });
const requestSchema = z.object({
  RequestType: z.string(),
  ResponseURL: z.string(),
  StackId: z.string(),
  RequestId: z.string(),
  LogicalResourceId: z.string(),
  PhysicalResourceId: z.string().optional(),
});

async function startResponder(answerAfterMs: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      res.writeHead(200).end();
      const envelope = envelopeSchema.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      if (envelope.Type === "SubscriptionConfirmation" && envelope.SubscribeURL) void fetch(envelope.SubscribeURL).catch(() => undefined);
      if (envelope.Type !== "Notification" || !envelope.Message) return;
      const request = requestSchema.parse(JSON.parse(envelope.Message));
      const answer = {
        Status: "SUCCESS",
        PhysicalResourceId: request.PhysicalResourceId ?? `floor-${request.RequestId}`,
        StackId: request.StackId,
        RequestId: request.RequestId,
        LogicalResourceId: request.LogicalResourceId,
      };
      // A Buffer body: fetch then sends no Content-Type, as the presigned URL requires.
      setTimeout(() => {
        void fetch(request.ResponseURL, { method: "PUT", body: Buffer.from(JSON.stringify(answer)) }).catch(() => undefined);
      }, answerAfterMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns` };
}
