/**
 * The SNS endpoint end to end, in-process: the real route handler, the real
 * background worker (pg-boss on the test PostgreSQL), and the local AWS
 * sandbox playing SNS (signed deliveries with retries), CloudFormation (a
 * ResponseURL that insists on an empty Content-Type) and STS (enforcing the
 * trusted account and the External ID).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { APP_TOPICS, FOREIGN_TOPIC, startAppHarness, waitUntil, type AppHarness } from "@/test/app-harness";
import { forgetStackRequests } from "@/test/links";
import { truncate } from "@/test/db";

const CUSTOMER_ACCOUNT = "222233334444";
const SUBJECT = "AWS CloudFormation custom resource request";

let app: AppHarness;
let startWorker: () => Promise<void>;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  app = await startAppHarness();
  await forgetStackRequests();
  ({ startWorker, stopWorker } = await import("@/lib/server/worker"));
  await startWorker();
  await waitUntil(
    () =>
      app.sandbox.state.delivery.listSubscriptions().filter((s) => s.status === "confirmed" && APP_TOPICS.includes(s.topicArn)).length ===
      APP_TOPICS.length,
  );
}, 60_000);

afterAll(async () => {
  await stopWorker();
  await app.stop();
  await db.$disconnect();
});

async function newConnection(accountId = CUSTOMER_ACCOUNT, region = "us-east-1") {
  const owner = await db.user.create({ data: { email: `c-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  const { startConnection } = await import("@/lib/connections/start-connection");
  const { id } = await startConnection({ ownerId: owner.id, accountId, region });
  return db.connection.findUniqueOrThrow({ where: { id } });
}

async function launch(
  connection: { id: string; accountId: string; region: string; externalId: string },
  edit: Record<string, string> = {},
) {
  const { launchDetails } = await import("@/lib/connections/launch");
  const details = launchDetails(connection);
  return app.sandbox.state.cloudformation.createStack({
    region: connection.region,
    accountId: connection.accountId,
    stackName: details.stackName,
    templateUrl: details.templateUrl,
    parameters: { ...details.parameters, ...edit },
    capabilities: ["CAPABILITY_IAM"],
  });
}

/**
 * Empties tables once the previous test's background work has settled: a
 * rollback Delete or a response still in flight would otherwise hold row locks
 * that TRUNCATE deadlocks against on a busy machine.
 */
async function truncateWhenSettled(tables: string): Promise<void> {
  await waitUntil(async () => {
    const busy = app.sandbox.state.cloudformation.listStacks().some((stack) => stack.status.endsWith("_IN_PROGRESS"));
    const pending = await db.cfnRequest.count({ where: { state: { in: ["received", "processing"] } } });
    return !busy && pending === 0;
  }, 60_000);
  await truncate(tables);
}

function stackStatus(stackId: string) {
  return app.sandbox.state.cloudformation.getStack(stackId)?.status;
}

async function settled(stackId: string) {
  return waitUntil(() => {
    const status = stackStatus(stackId);
    return status && !status.endsWith("IN_PROGRESS") ? status : undefined;
  }, 30_000);
}

describe("POST /api/sns with CloudFormation custom resource requests", () => {
  beforeEach(async () => {
    await truncateWhenSettled(`users, connections, sns_messages, cfn_requests, events RESTART IDENTITY CASCADE`);
  });

  it("Create links the role, proves access and answers SUCCESS; Delete disconnects and revokes publish access", async () => {
    const connection = await newConnection();
    expect(app.sandbox.state.snsApi.canPublish(APP_TOPICS[0]!, CUSTOMER_ACCOUNT)).toBe(true);

    const stack = await launch(connection);
    expect(await settled(stack.stackId)).toBe("CREATE_COMPLETE");
    await waitUntil(() => db.cfnRequest.findFirst({ where: { stackId: stack.stackId, state: "responded" } }));
    const linked = await db.connection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(linked).toMatchObject({ status: "connected", stackId: stack.stackId, lastVerifyOk: true, lastError: null });
    expect(linked.roleArn).toMatch(new RegExp(`^arn:aws:iam::${CUSTOMER_ACCOUNT}:role/`));
    expect(linked.physicalResourceId).toBe(`rolelink-${connection.id}`);
    const kinds = (await db.event.findMany({ where: { connectionId: connection.id }, orderBy: { id: "asc" } })).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(["cfn.request_received", "verify.succeeded", "connection.connected", "cfn.response_sent"]),
    );
    // STS saw our AssumeRole with the External ID, and the check WITHOUT it refused.
    const calls = app.sandbox.state.sts.calls.filter((c: { roleArn?: string }) => c.roleArn === linked.roleArn);
    expect(calls.length).toBeGreaterThanOrEqual(2);

    app.sandbox.state.cloudformation.deleteStack(stack.stackId);
    expect(await settled(stack.stackId)).toBe("DELETE_COMPLETE");
    expect((await db.connection.findUniqueOrThrow({ where: { id: connection.id } })).status).toBe("disconnected");
    await waitUntil(() => !app.sandbox.state.snsApi.canPublish(APP_TOPICS[0]!, CUSTOMER_ACCOUNT));
  });

  it("an edited TrustedAccount: the role cannot be assumed, FAILED with our Reason, the link waits with the reason shown", async () => {
    const connection = await newConnection();
    const stack = await launch(connection, { TrustedAccount: "999999999999" });
    expect(await settled(stack.stackId)).toBe("ROLLBACK_COMPLETE");
    // Nothing was confirmed from inside the account, so the link does not change: it waits, with a diagnosis.
    const waiting = await db.connection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(waiting).toMatchObject({ status: "pending", roleArn: null, stackId: null });
    expect(waiting.diagnosis).toMatch(/^AWS refused to let rolelink assume this role: .* start again at http:\/\/localhost:3000\/connect$/);
    expect(app.sandbox.state.cloudformation.getStack(stack.stackId)?.failureReason).toContain(waiting.diagnosis!);
  });

  it("an External ID issued for another account is refused with a Reason the customer understands; nothing changes", async () => {
    const victim = await newConnection("333344445555");
    await newConnection(CUSTOMER_ACCOUNT); // gives 2222… permission to publish, as its own link would
    // The customer in account 2222… launches with the External ID issued for 3333….
    const stack = await launch({ ...victim, accountId: CUSTOMER_ACCOUNT });
    expect(await settled(stack.stackId)).toBe("ROLLBACK_COMPLETE");
    expect(app.sandbox.state.cloudformation.getStack(stack.stackId)?.failureReason).toMatch(
      /This stack runs in account 2222…, but the link was made for account 3333…\. Sign in to the account you entered, or start again at http:\/\/localhost:3000\/connect/,
    );
    const untouched = await db.connection.findUniqueOrThrow({ where: { id: victim.id } });
    expect(untouched).toMatchObject({ status: "pending", roleArn: null, stackId: null });
    // The link's owner sees why, in words; the message changed nothing else.
    expect(untouched.diagnosis).toBe(
      "A stack for this link was created in AWS account 222233334444, but this link is for account 333344445555. " +
        "Delete that stack, sign in to account 333344445555 in the AWS console, and click Launch Stack again.",
    );
    // The Create is refused first; the rollback's Delete from the same foreign account may be refused after it.
    const security = await db.event.findFirstOrThrow({
      where: { connectionId: victim.id, kind: "security.rejected" },
      orderBy: { id: "asc" },
    });
    expect(security.detail).toMatchObject({ check: "account_mismatch", stackId: stack.stackId });
  });

  it("the same MessageId delivered 20 times at once gives one stored request, one job and one response", async () => {
    const connection = await newConnection();
    const stack = await launch(connection);
    expect(await settled(stack.stackId)).toBe("CREATE_COMPLETE");
    await waitUntil(() => db.cfnRequest.findFirst({ where: { stackId: stack.stackId, state: "responded" } }));
    const original = app.deliveries.find((d) => d.headers["x-amz-sns-message-type"] === "Notification" && d.body.includes(stack.stackId))!;
    const answers = await Promise.all(Array.from({ length: 20 }, () => app.post(original.body)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(await db.cfnRequest.count({ where: { stackId: stack.stackId } })).toBe(1);
    const stored = await db.cfnRequest.findFirstOrThrow({ where: { stackId: stack.stackId } });
    const jobs = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'cfn-request' AND data->>'cfnRequestId' = $1`,
      stored.id,
    );
    expect(Number(jobs[0]!.n)).toBe(1);
    expect(await db.event.count({ where: { connectionId: connection.id, kind: "cfn.response_sent" } })).toBe(1);
  });
});

describe("hand-published custom resource requests (anyone allowed to publish can send these)", () => {
  beforeEach(async () => {
    await truncateWhenSettled(`users, connections, sns_messages, cfn_requests, events RESTART IDENTITY CASCADE`);
  });

  function request(overrides: Record<string, unknown>, properties: Record<string, string>) {
    const stackId = `arn:aws:cloudformation:us-east-1:${CUSTOMER_ACCOUNT}:stack/hand-made/${crypto.randomUUID()}`;
    return {
      RequestType: "Create",
      ServiceToken: APP_TOPICS[0],
      ResponseURL: new URL(`cfn-response/${crypto.randomUUID()}?X-Amz-Signature=abc`, app.sandbox.origin).toString(),
      StackId: stackId,
      RequestId: crypto.randomUUID(),
      LogicalResourceId: "PhoneHome",
      ResourceType: "Custom::RolelinkPhoneHome",
      ResourceProperties: {
        ServiceToken: APP_TOPICS[0],
        AccountID: CUSTOMER_ACCOUNT,
        Region: "us-east-1",
        TemplateVersion: "1.0.0",
        ...properties,
      },
      ...overrides,
    };
  }

  async function publish(body: object) {
    await app.sandbox.state.delivery.publish(APP_TOPICS[0]!, SUBJECT, JSON.stringify(body));
    const requestId = (body as { RequestId: string }).RequestId;
    return waitUntil(() => db.cfnRequest.findFirst({ where: { requestId, state: { in: ["responded", "response_failed", "rejected"] } } }));
  }

  it("an unknown External ID on Create: FAILED, a security event, no connection touched", async () => {
    const row = await publish(request({}, { ExternalID: "rl-never-issued", RoleArn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/x` }));
    expect(row).toMatchObject({ responseStatus: "FAILED", connectionId: null });
    expect(row.responseReason).toMatch(/^This External ID was not issued by rolelink for account 2222…/);
    expect(await db.event.count({ where: { kind: "security.rejected" } })).toBe(1);
  });

  it("an unknown External ID on Delete is still answered SUCCESS: a delete never hangs", async () => {
    const row = await publish(
      request({ RequestType: "Delete", PhysicalResourceId: "whatever-we-said" }, { ExternalID: "rl-never-issued" }),
    );
    expect(row).toMatchObject({ responseStatus: "SUCCESS" });
  });

  it("a ResponseURL on a foreign host is never contacted", async () => {
    const contacted: string[] = [];
    const { createServer } = await import("node:http");
    const trap = createServer((req, res) => {
      contacted.push(req.url ?? "");
      res.end();
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    const port = (trap.address() as { port: number }).port;
    const connection = await newConnection();
    const row = await publish(
      request(
        { ResponseURL: `http://127.0.0.1:${port}/steal?X-Amz-Signature=abc` },
        { ExternalID: connection.externalId, RoleArn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/x` },
      ),
    );
    trap.close();
    expect(row.state).toBe("rejected");
    expect(contacted).toEqual([]);
    expect((await db.connection.findUniqueOrThrow({ where: { id: connection.id } })).status).toBe("pending");
  });

  it("a role that accepts any External ID is refused (confused deputy)", async () => {
    const connection = await newConnection();
    const roleArn = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/trusts-without-external-id`;
    app.sandbox.state.sts.putRole({ roleArn, trustedAccountId: "111111111111", externalId: undefined });
    const row = await publish(request({}, { ExternalID: connection.externalId, RoleArn: roleArn }));
    expect(row.responseStatus).toBe("FAILED");
    expect(row.responseReason).toMatch(/without the External ID/);
    const failed = await db.connection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(failed).toMatchObject({ status: "failed", roleArn });
  });

  it("an Update naming a new role while the stack is not updating is refused; the connection keeps its role", async () => {
    const connection = await newConnection();
    const stack = await launch(connection);
    expect(await settled(stack.stackId)).toBe("CREATE_COMPLETE");
    const linked = await db.connection.findUniqueOrThrow({ where: { id: connection.id } });
    const newRole = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/updated-role`;
    app.sandbox.state.sts.putRole({ roleArn: newRole, trustedAccountId: "111111111111", externalId: connection.externalId });
    const row = await publish(
      request(
        {
          RequestType: "Update",
          StackId: stack.stackId,
          PhysicalResourceId: linked.physicalResourceId,
          OldResourceProperties: { RoleArn: linked.roleArn },
        },
        { ExternalID: connection.externalId, RoleArn: newRole, TemplateVersion: "1.1.0" },
      ),
    );
    expect(row.responseStatus).toBe("FAILED");
    expect(row.responseReason).toMatch(/keeps using your previous role/);
    expect(await db.connection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({
      status: "connected",
      roleArn: linked.roleArn,
    });
  });
});

describe("SubscriptionConfirmation", () => {
  it("the same confirmation delivered twice at once confirms once", async () => {
    const confirmation = app.deliveries.find(
      (d) => d.headers["x-amz-sns-message-type"] === "SubscriptionConfirmation" && d.headers["x-amz-sns-topic-arn"] === APP_TOPICS[0],
    )!;
    await truncateWhenSettled(`sns_messages, sns_subscriptions, events CASCADE`);
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (input, init) => {
      fetched.push(input instanceof Request ? input.url : input.toString());
      return realFetch(input, init);
    };
    let answers;
    try {
      answers = await Promise.all([app.post(confirmation.body), app.post(confirmation.body)]);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(answers.map((a) => (a.json as { result: string }).result).sort()).toEqual(["confirmed", "duplicate"]);
    expect(fetched.filter((url) => url.includes("Action=ConfirmSubscription"))).toHaveLength(1);
    expect(await db.snsSubscription.count({ where: { status: "confirmed" } })).toBe(1);
    expect(await db.event.count({ where: { kind: "sns.subscription_confirmed" } })).toBe(1);
  });
});

describe("POST /api/sns refuses what it cannot trust, and stores nothing", () => {
  async function storedCount() {
    return (await db.snsMessage.count()) + (await db.cfnRequest.count());
  }

  async function someNotification(): Promise<string> {
    const record = await app.sandbox.state.delivery.publish(APP_TOPICS[0]!, SUBJECT, JSON.stringify({ hello: "world" }));
    return app.deliveries.find((d) => d.body.includes(record.messageId))!.body;
  }

  it("a valid shape with a bad signature: 403", async () => {
    const body = JSON.parse(await someNotification());
    await truncateWhenSettled(`sns_messages, cfn_requests CASCADE`);
    body.Message = body.Message.replace("world", "w0rld");
    body.MessageId = crypto.randomUUID();
    expect(await app.post(JSON.stringify(body))).toMatchObject({ status: 403, json: { error: "bad_signature" } });
    expect(await storedCount()).toBe(0);
  });

  it("a stale timestamp: 403", async () => {
    const body = JSON.parse(await someNotification());
    await truncateWhenSettled(`sns_messages, cfn_requests CASCADE`);
    body.Timestamp = new Date(Date.now() - 2 * 3600_000).toISOString();
    expect(await app.post(JSON.stringify(body))).toMatchObject({ status: 403, json: { error: "timestamp_too_old" } });
    expect(await storedCount()).toBe(0);
  });

  it("the sandbox's confirmation for a topic that is not ours was refused, never confirmed", () => {
    const foreign = app.deliveries.filter((d) => d.headers["x-amz-sns-topic-arn"] === FOREIGN_TOPIC);
    expect(foreign.length).toBeGreaterThan(0);
    expect(foreign.every((d) => d.status === 403)).toBe(true);
    expect(app.sandbox.state.delivery.listSubscriptions().find((s) => s.topicArn === FOREIGN_TOPIC)?.status).not.toBe("confirmed");
  });

  it("a message from a topic that is not ours: 403", async () => {
    await truncateWhenSettled(`sns_messages, cfn_requests CASCADE`);
    // The sandbox never delivers for an unconfirmed topic; sign one by hand through a replay of its envelope.
    const body = JSON.parse(await someNotification());
    await truncateWhenSettled(`sns_messages, cfn_requests CASCADE`);
    body.TopicArn = FOREIGN_TOPIC;
    expect(await app.post(JSON.stringify(body))).toMatchObject({ status: 403, json: { error: "topic_not_allowed" } });
    expect(await storedCount()).toBe(0);
  });

  it.each([
    ["not JSON", "{nope", 400, "invalid_json"],
    ["JSON that is no SNS message", JSON.stringify({ Type: "Notification" }), 400, "malformed"],
    ["more than 256 KiB", "x".repeat(256 * 1024 + 1), 413, "body_too_large"],
  ])("%s: %i", async (_name, body, status, error) => {
    await truncateWhenSettled(`sns_messages, cfn_requests CASCADE`);
    expect(await app.post(body)).toMatchObject({ status, json: { error } });
    expect(await storedCount()).toBe(0);
  });
});
