/**
 * The local AWS sandbox's status API, as the tests drive it: stacks (create,
 * read, delete), SNS deliveries (replay, forgery) and Publish as an account the
 * topic policy allows. Plain fetch: this is "AWS", not the app.
 */
import { expect } from "@playwright/test";

export interface SandboxStack {
  stackId: string;
  stackName: string;
  accountId: string;
  region: string;
  status: string;
  templateVersion: string;
  parameters: Record<string, string>;
  roleArn?: string;
  physicalResourceId?: string;
  failureReason?: string;
}

export interface Delivery {
  id: string;
  messageId: string;
  type: "SubscriptionConfirmation" | "Notification";
  topicArn: string;
  body: string;
  state: string;
  attempts: Array<{ status?: number; error?: string }>;
  /** Set on replays and forgeries. */
  copyOf?: { deliveryId: string; kind: string };
}

export function sandboxUrl(path: string): URL {
  const base = process.env.E2E_SANDBOX_URL;
  if (!base) throw new Error("run through `npm run test:e2e` (E2E_SANDBOX_URL)");
  return new URL(path, base);
}

async function call<T>(path: string, init?: { method: string; body: unknown }): Promise<{ status: number; body: T }> {
  const response = await fetch(sandboxUrl(path), {
    method: init?.method ?? "GET",
    ...(init ? { headers: { "Content-Type": "application/json" }, body: JSON.stringify(init.body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** A stack made straight through the API, e.g. with an older template version (the console cannot). */
export async function createStack(input: {
  accountId: string;
  region: string;
  stackName: string;
  templateUrl: string;
  parameters: Record<string, string>;
  templateVariant?: "current" | "legacy-1.0.0";
}): Promise<SandboxStack> {
  const { status, body } = await call<{ stack: SandboxStack; message?: string }>("api/stacks", {
    method: "POST",
    body: { ...input, capabilities: ["CAPABILITY_IAM"] },
  });
  expect(status, body.message).toBe(201);
  return body.stack;
}

export async function getStack(stackId: string): Promise<SandboxStack> {
  const { body } = await call<{ stack: SandboxStack }>(`api/stacks/${encodeURIComponent(stackId)}`);
  return body.stack;
}

export async function deleteStack(stackId: string): Promise<SandboxStack> {
  const { status, body } = await call<{ stack: SandboxStack; message?: string }>(`api/stacks/${encodeURIComponent(stackId)}`, {
    method: "DELETE",
    body: {},
  });
  expect(status, body.message).toBe(200);
  return body.stack;
}

/** The newest stack of that name in that account (names are generated per link). */
export async function findStack(stackName: string, accountId: string): Promise<SandboxStack> {
  const { body } = await call<{ stacks: SandboxStack[] }>("api/stacks");
  const stack = body.stacks.find((s) => s.stackName === stackName && s.accountId === accountId);
  if (!stack) throw new Error(`no sandbox stack ${stackName} in ${accountId}`);
  return stack;
}

/** Waits (polling the sandbox) until the stack reaches `status`; returns it. */
export async function waitForStack(stackId: string, status: string, timeout = 60_000): Promise<SandboxStack> {
  await expect.poll(async () => (await getStack(stackId)).status, { timeout, message: `stack ${stackId} → ${status}` }).toBe(status);
  return getStack(stackId);
}

export async function listDeliveries(): Promise<Delivery[]> {
  return (await call<{ deliveries: Delivery[] }>("api/deliveries")).body.deliveries;
}

/** The custom resource request a Notification carried (the envelope's Message). */
export function requestIn(delivery: Delivery): Record<string, unknown> & { RequestType: string; StackId: string } {
  return JSON.parse((JSON.parse(delivery.body) as { Message: string }).Message) as Record<string, unknown> & {
    RequestType: string;
    StackId: string;
  };
}

/** The Notification CloudFormation published for this stack's request of that type. */
export async function deliveryOf(stackId: string, requestType: "Create" | "Update" | "Delete"): Promise<Delivery> {
  const found = (await listDeliveries()).find((d) => d.type === "Notification" && !d.copyOf && matches(d));
  if (!found) throw new Error(`no ${requestType} delivery for ${stackId}`);
  return found;

  function matches(delivery: Delivery): boolean {
    const request = requestIn(delivery);
    return request.StackId === stackId && request.RequestType === requestType;
  }
}

/** Re-sends a delivery byte for byte ("replay"), or under a new MessageId with the old signature ("forge"); returns the app's HTTP status. */
export async function resendDelivery(deliveryId: string, kind: "replay" | "forge"): Promise<number | undefined> {
  const { body } = await call<{ delivery: Delivery }>(`api/deliveries/${deliveryId}/${kind}`, { method: "POST", body: {} });
  return body.delivery.attempts.at(-1)?.status;
}

/** sns:Publish by an account the topic policy allows: SNS signs it like any other message. */
export async function publishAs(fromAccount: string, topicArn: string, message: unknown): Promise<Delivery> {
  const { status, body } = await call<{ delivery: Delivery; message?: string }>("api/publish", {
    method: "POST",
    body: { fromAccount, topicArn, subject: "AWS CloudFormation custom resource request", message: JSON.stringify(message) },
  });
  expect(status, body.message).toBe(200);
  return body.delivery;
}
