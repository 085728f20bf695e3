/**
 * processCfnRequest driven by hand (no worker) against the sandbox, for the
 * cases that need a request held between CloudFormation and rolelink: a
 * replaced role, a replacement role that does not work, a Delete that lands
 * while a link is verifying, and a request that can never be processed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { APP_TOPICS, startAppHarness, waitUntil, type AppHarness } from "@/test/app-harness";
import { forgetStackRequests, launchStack, newLink, subscriptionsConfirmed } from "@/test/links";
import { MAX_ATTEMPTS } from "./claim";
import { INTERNAL_FAILURE_REASON, processCfnRequest } from "./process-request";
import { transition } from "../transition";
import { truncate } from "@/test/db";

const CUSTOMER = "555566667777";
const FAST = { createDeadlineMs: 3_000, existingRoleDeadlineMs: 500, baseDelayMs: 100, deniedRetries: 0, deniedDelayMs: 100 };

let app: AppHarness;

beforeAll(async () => {
  app = await startAppHarness();
  await subscriptionsConfirmed(app);
}, 60_000);

afterAll(async () => {
  // No worker ran here: drop the jobs queued for requests this file processed itself.
  await forgetStackRequests();
  const { stopBoss } = await import("@/lib/jobs/boss");
  await stopBoss({ graceful: false, timeoutMs: 1000 });
  await app.stop();
});

beforeEach(async () => {
  await truncate(`users, connections, sns_messages, cfn_requests, events RESTART IDENTITY CASCADE`);
});

const stackOf = (stackId: string) => app.sandbox.state.cloudformation.getStack(stackId)!;

/** Processes each stored request of the stack as it arrives, until the stack settles (or `until` says stop). */
async function runJobs(stackId: string, until: (status: string) => boolean = (s) => !s.endsWith("IN_PROGRESS")) {
  return waitUntil(async () => {
    for (const row of await db.cfnRequest.findMany({ where: { stackId, state: "received" }, orderBy: { createdAt: "asc" } })) {
      await processCfnRequest(row.id, FAST);
    }
    const status = stackOf(stackId).status;
    return until(status) ? status : undefined;
  }, 30_000);
}

async function connectedStack() {
  const link = await newLink(CUSTOMER);
  const stack = await launchStack(app, link);
  expect(await runJobs(stack.stackId)).toBe("CREATE_COMPLETE");
  return { connection: await db.connection.findUniqueOrThrow({ where: { id: link.id } }), stackId: stack.stackId };
}

/** Starts a real stack update and waits for its Update request to be stored (unprocessed). */
async function heldUpdate(stackId: string) {
  app.sandbox.state.cloudformation.updateStack(stackId, { templateVariant: "legacy-1.0.0" });
  return waitUntil(() => db.cfnRequest.findFirst({ where: { stackId, requestType: "Update", state: "received" } }));
}

/** What CloudFormation sends when it replaced the role: the same request, naming the new role. */
async function namingRole(row: { id: string; payload: unknown }, roleArn: string) {
  const payload = row.payload as { request: { ResourceProperties: Record<string, string> } };
  payload.request.ResourceProperties.RoleArn = roleArn;
  await db.cfnRequest.update({ where: { id: row.id }, data: { payload } });
}

describe("Update with a replaced role", () => {
  it("re-points the connection to the new role once it is proven and the stack confirmed", async () => {
    const { connection, stackId } = await connectedStack();
    const newRole = `arn:aws:iam::${CUSTOMER}:role/replaced-role`;
    app.sandbox.state.sts.putRole({
      roleArn: newRole,
      trustedAccountId: "111111111111",
      externalId: connection.externalId,
      policies: [
        {
          effect: "Allow",
          actions: ["cloudformation:DescribeStacks", "cloudformation:DescribeStackResource"],
          resources: [`${stackId.split("/").slice(0, 2).join("/")}/*`],
        },
      ],
    });
    await namingRole(await heldUpdate(stackId), newRole);
    expect(await runJobs(stackId)).toBe("UPDATE_COMPLETE");
    expect(await db.connection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({
      status: "connected",
      roleArn: newRole,
      physicalResourceId: connection.physicalResourceId,
    });
  });

  it("a new role that cannot be assumed: FAILED, the stack rolls back, and the old role stays connected", async () => {
    const { connection, stackId } = await connectedStack();
    await namingRole(await heldUpdate(stackId), `arn:aws:iam::${CUSTOMER}:role/never-created`);
    expect(await runJobs(stackId)).toBe("UPDATE_ROLLBACK_COMPLETE");
    expect(stackOf(stackId).failureReason).toMatch(/could not assume the updated role.*keeps using your previous role/);
    expect(await db.connection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({
      status: "connected",
      roleArn: connection.roleArn,
    });
  });
});

describe("a Delete while the link is verifying", () => {
  it("ends disconnected, and the verification's own move to connected is refused: disconnected is final", async () => {
    const { connection, stackId } = await connectedStack();
    // As if the Create were still between "verifying" and "connected".
    await db.$executeRaw`UPDATE connections SET status = 'verifying' WHERE id = ${connection.id}::uuid`;
    app.sandbox.state.cloudformation.deleteStack(stackId);
    expect(await runJobs(stackId)).toBe("DELETE_COMPLETE");
    expect((await db.connection.findUniqueOrThrow({ where: { id: connection.id } })).status).toBe("disconnected");
    const late = await transition({
      connectionId: connection.id,
      to: "connected",
      from: ["verifying"],
      event: { kind: "connection.connected", actor: "system" },
    });
    expect(late).toEqual({ ok: false, current: "disconnected" });
  });
});

describe("bounded attempts", () => {
  it("a request that can never be processed is parked as response_failed after MAX_ATTEMPTS, and the sweeper leaves it", async () => {
    const row = await db.cfnRequest.create({
      data: {
        messageId: crypto.randomUUID(),
        requestType: "Create",
        requestId: "r",
        stackId: "s",
        logicalResourceId: "PhoneHome",
        payload: { topicArn: APP_TOPICS[0]!, request: { ResponseURL: "not a url" } },
      },
    });
    const outcomes: string[] = [];
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) outcomes.push(await processCfnRequest(row.id, FAST).catch(() => "threw"));
    expect(outcomes).toEqual([...Array(MAX_ATTEMPTS).fill("threw"), "parked", "finished"]);
    expect(await db.cfnRequest.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      state: "response_failed",
      attempts: MAX_ATTEMPTS,
    });
    expect(await db.event.count({ where: { kind: "cfn.request_parked" } })).toBe(1);
    const { sweepStoredRequests } = await import("./sweep");
    expect(await sweepStoredRequests(new Date(Date.now() + 3600_000))).toBe(0);
  });
});

describe("a request rolelink itself keeps failing on", () => {
  it("is answered FAILED on its last attempt, with a reason, so the stack rolls back instead of waiting out its timeout", async () => {
    // An organization's management stack, while the region's topic policy is full: granting the organization's
    // statement throws on every attempt (AWS refuses a policy past 100 statements).
    const organization = app.sandbox.state.organizations.create({ managementAccountId: "830000000000" });
    const owner = await db.user.create({ data: { email: `org-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
    const { startOrganizationLink } = await import("@/lib/organizations/start-organization-link");
    const started = await startOrganizationLink(owner.id, {
      managementAccountId: "830000000000",
      region: "us-east-1",
      targets: [organization.rootId],
    });
    if (started.kind === "invalid") throw new Error(JSON.stringify(started.fieldErrors));
    const topic = APP_TOPICS[0]!;
    const snsApi = app.sandbox.state.snsApi;
    const filler = (i: number) => ({ label: `filler-${i}`, accounts: [String(840_000_000_000 + i)], actions: ["Publish"] });
    for (let i = 0; (JSON.parse(snsApi.policy(topic)) as { Statement: unknown[] }).Statement.length < 100; i++)
      snsApi.grant(topic, filler(i));
    try {
      const link = await db.organizationLink.findUniqueOrThrow({ where: { id: started.id } });
      const { organizationLaunchDetails } = await import("@/lib/organizations/launch");
      const details = organizationLaunchDetails(link);
      const stack = app.sandbox.state.cloudformation.createStack({
        region: "us-east-1",
        accountId: "830000000000",
        stackName: details.stackName,
        templateUrl: details.templateUrl,
        parameters: details.parameters,
        capabilities: ["CAPABILITY_IAM"],
      });
      const row = await waitUntil(() => db.cfnRequest.findFirst({ where: { stackId: stack.stackId, requestType: "Create" } }));
      const outcomes: string[] = [];
      for (let i = 0; i < MAX_ATTEMPTS; i++) outcomes.push(await processCfnRequest(row.id, FAST).catch(() => "threw"));
      expect(outcomes).toEqual([...Array(MAX_ATTEMPTS - 1).fill("threw"), "answered"]);
      expect(await db.cfnRequest.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
        responseStatus: "FAILED",
        responseReason: INTERNAL_FAILURE_REASON,
      });
      // CloudFormation got the answer: the stack rolls back (the rollback's Delete is answered by hand here).
      expect(await runJobs(stack.stackId)).toBe("ROLLBACK_COMPLETE");
      expect(stackOf(stack.stackId).failureReason).toContain("internal error");
    } finally {
      for (const [label] of snsApi.topics.get(topic)!.grants) if (label.startsWith("filler-")) snsApi.revoke(topic, label);
    }
  });
});
