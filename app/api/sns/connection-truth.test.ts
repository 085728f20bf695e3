/**
 * Connection truth, end to end: the real route, the real worker and the
 * sandbox (SNS, STS, CloudFormation with DescribeStacks, stack Update). What
 * an SNS message claims changes a connection only once the customer's own
 * account confirms it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { APP_TOPICS, startAppHarness, waitUntil, type AppHarness } from "@/test/app-harness";
import type { TemplateVariant } from "@/sandbox/cloudformation";
import { forgetStackRequests, launchStack, newLink, settledStatus, subscriptionsConfirmed, type LaunchOptions } from "@/test/links";
import { loadCustomerTemplate } from "@/lib/cfn/template";
import { truncate } from "@/test/db";

const CURRENT_VERSION = loadCustomerTemplate().version;

const CUSTOMER = "444455556666";
const SUBJECT = "AWS CloudFormation custom resource request";

let app: AppHarness;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  app = await startAppHarness();
  await forgetStackRequests();
  const worker = await import("@/lib/server/worker");
  stopWorker = worker.stopWorker;
  await worker.startWorker();
  await subscriptionsConfirmed(app);
}, 60_000);

afterAll(async () => {
  await stopWorker();
  await forgetStackRequests();
  await app.stop();
  await db.$disconnect();
});

beforeEach(async () => {
  await waitUntil(async () => {
    const busy = app.sandbox.state.cloudformation.listStacks().some((stack) => stack.status.endsWith("_IN_PROGRESS"));
    return !busy && (await db.cfnRequest.count({ where: { state: { in: ["received", "processing"] } } })) === 0;
  }, 90_000);
  await truncate(`users, connections, sns_messages, cfn_requests, events RESTART IDENTITY CASCADE`);
}, 100_000);

const newConnection = (accountId = CUSTOMER) => newLink(accountId);
const launch = (link: Parameters<typeof launchStack>[1], options?: LaunchOptions) => launchStack(app, link, options);
const stackStatus = (stackId: string) => app.sandbox.state.cloudformation.getStack(stackId)?.status;
const settled = (stackId: string) => settledStatus(app, stackId);
const connectionOf = (id: string) => db.connection.findUniqueOrThrow({ where: { id } });
const eventsOf = async (id: string, kind: string) => db.event.findMany({ where: { connectionId: id, kind }, orderBy: { id: "asc" } });

/** Publishes a hand-made request through the sandbox's SNS (signed like any delivery) and waits for its answer. */
async function publish(body: Record<string, unknown>) {
  await app.sandbox.state.delivery.publish(APP_TOPICS[0]!, SUBJECT, JSON.stringify(body));
  return waitUntil(
    () =>
      db.cfnRequest.findFirst({
        where: { requestId: body.RequestId as string, state: { in: ["responded", "response_failed", "rejected"] } },
      }),
    60_000,
  );
}

function handMade(stackId: string, overrides: Record<string, unknown>, properties: Record<string, string>) {
  return {
    RequestType: "Create",
    ServiceToken: APP_TOPICS[0],
    ResponseURL: new URL(`cfn-response/${crypto.randomUUID()}?X-Amz-Signature=abc`, app.sandbox.origin).toString(),
    StackId: stackId,
    RequestId: crypto.randomUUID(),
    LogicalResourceId: "PhoneHome",
    ResourceType: "Custom::RolelinkPhoneHome",
    ResourceProperties: { ServiceToken: APP_TOPICS[0], AccountID: CUSTOMER, Region: "us-east-1", TemplateVersion: "1.1.0", ...properties },
    ...overrides,
  };
}

async function connectedStack(templateVariant?: TemplateVariant) {
  const connection = await newConnection();
  const stack = await launch(connection, { templateVariant });
  expect(await settled(stack.stackId)).toBe("CREATE_COMPLETE");
  return { connection: await connectionOf(connection.id), stack };
}

describe("Create is believed once the account confirms it", () => {
  it("confirms the stack with DescribeStacks from inside the account, then connects", async () => {
    const { connection, stack } = await connectedStack();
    expect(connection).toMatchObject({ status: "connected", stackId: stack.stackId, templateVersion: CURRENT_VERSION, diagnosis: null });
    const [confirmed] = await eventsOf(connection.id, "link.confirmed");
    expect(confirmed?.detail).toMatchObject({ level: "confirmed", stackId: stack.stackId });
  });

  it("a stack made with the previous template (no DescribeStacks) still connects, and the event says the check was weaker", async () => {
    const { connection } = await connectedStack("legacy-1.0.0");
    expect(connection).toMatchObject({ status: "connected", templateVersion: "1.0.0" });
    const [confirmed] = await eventsOf(connection.id, "link.confirmed");
    expect(confirmed?.detail).toMatchObject({ level: "legacy" });
    expect(String((confirmed?.detail as { how?: string }).how)).toMatch(/older, weaker check/);
  });

  it("a stack whose ExternalId was edited is refused, and its pending link gets a diagnosis in words", async () => {
    const connection = await newConnection();
    const stack = await launch(connection, { edit: { ExternalId: "rl-edited-by-hand" } });
    expect(await settled(stack.stackId)).toBe("ROLLBACK_COMPLETE");
    const waiting = await connectionOf(connection.id);
    expect(waiting).toMatchObject({ status: "pending", roleArn: null });
    expect(waiting.diagnosis).toMatch(/different ExternalId than the one issued for this link/);
  });

  it("a stack created in another account that may publish is refused, and the link says which account to use", async () => {
    const connection = await newConnection();
    await newConnection("777788889999"); // the same customer's other account, allowed to publish
    const stack = await launch(connection, { inAccount: "777788889999" });
    expect(await settled(stack.stackId)).toBe("ROLLBACK_COMPLETE");
    const waiting = await connectionOf(connection.id);
    expect(waiting.status).toBe("pending");
    expect(waiting.diagnosis).toMatch(
      /created in AWS account 777788889999, but this link is for account 444455556666\. Delete that stack, sign in to account 444455556666/,
    );
  });
});

describe("Update", () => {
  it("upgrading the stack to the current template is confirmed and keeps the connection", async () => {
    const { connection, stack } = await connectedStack("legacy-1.0.0");
    app.sandbox.state.cloudformation.updateStack(stack.stackId, { useCurrentTemplate: true });
    expect(await settled(stack.stackId)).toBe("UPDATE_COMPLETE");
    const updated = await connectionOf(connection.id);
    expect(updated).toMatchObject({ status: "connected", roleArn: connection.roleArn, templateVersion: CURRENT_VERSION });
    const [event] = await eventsOf(connection.id, "connection.updated");
    expect(event?.detail).toMatchObject({ level: "confirmed", previousRoleArn: connection.roleArn, roleArn: connection.roleArn });
  });

  it("an update rolelink cannot confirm is answered FAILED, rolls back, and the connection keeps its working role", async () => {
    const { connection, stack } = await connectedStack();
    // An edited ExternalId: the role now trusts a value rolelink never issued.
    app.sandbox.state.cloudformation.updateStack(stack.stackId, { parameters: { ExternalId: "rl-edited-in-an-update" } });
    expect(await settled(stack.stackId)).toBe("UPDATE_ROLLBACK_COMPLETE");
    expect(app.sandbox.state.cloudformation.getStack(stack.stackId)?.failureReason).toMatch(/This External ID was not issued by rolelink/);
    expect(await connectionOf(connection.id)).toMatchObject({ status: "connected", roleArn: connection.roleArn, stackId: stack.stackId });
    // The rollback's own Update (old properties, UPDATE_ROLLBACK_IN_PROGRESS) is confirmed and keeps the link.
    const [rollback] = await eventsOf(connection.id, "connection.updated");
    expect(rollback?.detail).toMatchObject({ level: "confirmed", roleArn: connection.roleArn });
    expect(await eventsOf(connection.id, "connection.failed")).toHaveLength(0);
  });

  it("a forged Update with a known External ID, from another stack, changes nothing", async () => {
    const { connection } = await connectedStack();
    const otherStack = `arn:aws:cloudformation:us-east-1:${CUSTOMER}:stack/attacker/${crypto.randomUUID()}`;
    const row = await publish(
      handMade(
        otherStack,
        { RequestType: "Update", PhysicalResourceId: connection.physicalResourceId },
        { ExternalID: connection.externalId, RoleArn: `arn:aws:iam::${CUSTOMER}:role/missing` },
      ),
    );
    expect(row.responseStatus).toBe("FAILED");
    expect(await connectionOf(connection.id)).toMatchObject({
      status: "connected",
      roleArn: connection.roleArn,
      stackId: connection.stackId,
    });
    const [refusal] = await eventsOf(connection.id, "security.rejected");
    expect(refusal?.detail).toMatchObject({ check: "update_from_other_stack" });
  });
});

describe("Delete", () => {
  it("a genuine stack deletion is confirmed (DELETE_IN_PROGRESS) and disconnects", async () => {
    const { connection, stack } = await connectedStack();
    app.sandbox.state.cloudformation.deleteStack(stack.stackId);
    expect(await settled(stack.stackId)).toBe("DELETE_COMPLETE");
    expect((await connectionOf(connection.id)).status).toBe("disconnected");
    const [event] = await eventsOf(connection.id, "connection.disconnected");
    expect(event?.detail).toMatchObject({ level: "confirmed" });
  });

  it("a forged Delete with the known External ID and StackId is contradicted by the account: nothing changes, SUCCESS, a security event", async () => {
    const { connection, stack } = await connectedStack();
    const row = await publish(
      handMade(
        stack.stackId,
        { RequestType: "Delete", PhysicalResourceId: connection.physicalResourceId },
        { ExternalID: connection.externalId, RoleArn: connection.roleArn! },
      ),
    );
    expect(row.responseStatus).toBe("SUCCESS");
    expect(await connectionOf(connection.id)).toMatchObject({ status: "connected", roleArn: connection.roleArn });
    const [refusal] = await eventsOf(connection.id, "security.rejected");
    expect(refusal?.detail).toMatchObject({ check: "delete_contradicted_stack_state_mismatch" });
    expect(stackStatus(stack.stackId)).toBe("CREATE_COMPLETE");
  });

  it("a forged Delete for a legacy link whose role still works is accepted on the weaker check, and says so", async () => {
    const { connection, stack } = await connectedStack("legacy-1.0.0");
    await publish(
      handMade(
        stack.stackId,
        { RequestType: "Delete", PhysicalResourceId: connection.physicalResourceId },
        { ExternalID: connection.externalId, TemplateVersion: "1.0.0" },
      ),
    );
    const [event] = await eventsOf(connection.id, "connection.disconnected");
    expect(event?.detail).toMatchObject({ level: "legacy" });
  });
});

describe("the receiver refuses what it cannot store or answer", () => {
  it.each([
    ["a NUL", "\u0000"],
    ["a lone surrogate", "\ud800"],
  ])("%s in a property: 400, nothing stored", async (_name, bad) => {
    const message = JSON.stringify(
      handMade(`arn:aws:cloudformation:us-east-1:${CUSTOMER}:stack/x/${crypto.randomUUID()}`, {}, { ExternalID: `rl-${bad}` }),
    );
    const record = await app.sandbox.state.delivery.publish(APP_TOPICS[0]!, SUBJECT, message);
    const delivery = await waitUntil(() => app.deliveries.find((d) => d.body.includes(record.messageId)));
    expect(delivery.status).toBe(400);
    expect(await db.cfnRequest.count()).toBe(0);
    expect(await db.snsMessage.count()).toBe(0);
  });

  it("a PhysicalResourceId over 1024 bytes is answered FAILED with a short id of ours", async () => {
    const connection = await newConnection();
    const row = await publish(
      handMade(
        `arn:aws:cloudformation:us-east-1:${CUSTOMER}:stack/x/${crypto.randomUUID()}`,
        { RequestType: "Delete", PhysicalResourceId: "é".repeat(600) },
        { ExternalID: connection.externalId },
      ),
    );
    expect(row).toMatchObject({
      state: expect.stringMatching(/responded|response_failed/),
      responseStatus: "FAILED",
      responseReason: "The PhysicalResourceId is longer than 1024 bytes.",
    });
  });
});
