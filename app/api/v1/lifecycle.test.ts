/**
 * The vendor's product drives a link through the API against the sandbox:
 * create it for a tenant, the customer launches the stack, then list, verify
 * (CloudTrail names the key) and watch it break.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { startAppHarness, waitUntil, type AppHarness } from "@/test/app-harness";
import { forgetStackRequests, launchStack, subscriptionsConfirmed } from "@/test/links";
import { call, newApiKey } from "@/test/api-client";
import { processCfnRequest } from "@/lib/connections/stack-requests/process-request";
import { GET as listConnections, POST as createConnection } from "./connections/route";
import { POST as verify } from "./connections/[id]/verify/route";
import { truncate } from "@/test/db";

const CUSTOMER = "666677778888";
const FAST = { createDeadlineMs: 3_000, existingRoleDeadlineMs: 500, baseDelayMs: 100, deniedRetries: 0, deniedDelayMs: 100 };
let app: AppHarness;

beforeAll(async () => {
  app = await startAppHarness();
  await subscriptionsConfirmed(app);
}, 60_000);

afterAll(async () => {
  await forgetStackRequests();
  const { stopBoss } = await import("@/lib/jobs/boss");
  await stopBoss({ graceful: false, timeoutMs: 1000 });
  await app.stop();
});

beforeEach(async () => {
  await truncate(`users, api_keys, connections, sns_messages, cfn_requests, events RESTART IDENTITY CASCADE`);
});

async function runJobs(stackId: string) {
  return waitUntil(async () => {
    for (const row of await db.cfnRequest.findMany({ where: { stackId, state: "received" }, orderBy: { createdAt: "asc" } }))
      await processCfnRequest(row.id, FAST);
    const status = app.sandbox.state.cloudformation.getStack(stackId)?.status ?? "";
    return status.endsWith("IN_PROGRESS") ? undefined : status;
  }, 30_000);
}

describe("a link created and checked through the API", () => {
  it("creates a pending link for a tenant (idempotently), connects through the sandbox, verifies and breaks", async () => {
    const { key, prefix } = await newApiKey(["connections:read", "connections:write", "connections:verify"]);
    const body = { accountId: CUSTOMER, region: "us-east-1", externalRef: "tenant-42" };
    const created = await call(createConnection, { key, method: "POST", body });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/v1/connections/${created.json.connection.id}`);
    expect(created.json).toMatchObject({ reused: false, connection: { status: "pending", accountId: CUSTOMER, externalRef: "tenant-42" } });
    expect(created.json.launchUrl).toContain("templateURL=");
    expect(created.json.cliCommand).toContain("aws cloudformation create-stack");
    const again = await call(createConnection, { key, method: "POST", body });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ reused: true, connection: { id: created.json.connection.id } });
    const timeline = await db.event.findMany({ where: { connectionId: created.json.connection.id }, orderBy: { id: "asc" } });
    expect(timeline.filter((e) => e.kind.startsWith("link.")).map((e) => e.actor)).toEqual([`api-key:${prefix}`, `api-key:${prefix}`]);

    // The customer creates the stack with the link rolelink gave the vendor.
    const link = await db.connection.findUniqueOrThrow({ where: { id: created.json.connection.id } });
    const stack = await launchStack(app, link);
    expect(await runJobs(stack.stackId)).toBe("CREATE_COMPLETE");
    const listed = await call(listConnections, { key, path: "/api/v1/connections?externalRef=tenant-42&status=connected" });
    expect(listed.json.data).toMatchObject([{ id: link.id, status: "connected", roleArn: expect.stringContaining(CUSTOMER) }]);

    app.sandbox.state.sts.calls.length = 0;
    const proved = await call(verify, { key, method: "POST", params: { id: link.id } });
    expect(proved.status).toBe(200);
    expect(proved.json).toMatchObject({
      ok: true,
      assumedRoleArn: expect.stringContaining(`arn:aws:sts::${CUSTOMER}:assumed-role/`),
      connection: { status: "connected" },
    });
    expect(app.sandbox.state.sts.calls.find((c) => c.action === "AssumeRole")?.sourceIdentity).toBe(`rolelink-key-${prefix}`);

    // The customer deletes the role outside CloudFormation: the next proof breaks the link.
    app.sandbox.state.sts.deleteRole(listed.json.data[0].roleArn);
    const failed = await call(verify, { key, method: "POST", params: { id: link.id } });
    expect(failed.json).toMatchObject({ ok: false, code: "access_denied", connection: { status: "broken", lastVerifyOk: false } });
  });

  it("refuses an unsupported region and a malformed account, and needs connections:write", async () => {
    const { key } = await newApiKey(["connections:write"]);
    const region = await call(createConnection, { key, method: "POST", body: { accountId: CUSTOMER, region: "ap-south-2" } });
    expect(region.status).toBe(400);
    expect(region.json.error.details[0].path).toBe("region");
    expect((await call(createConnection, { key, method: "POST", body: { accountId: "1234", region: "us-east-1" } })).status).toBe(400);
    const reader = await newApiKey(["connections:read"]);
    expect(
      (await call(createConnection, { key: reader.key, method: "POST", body: { accountId: CUSTOMER, region: "us-east-1" } })).status,
    ).toBe(403);
    expect(await db.connection.count()).toBe(0);
  });
});
