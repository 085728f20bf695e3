/**
 * The OpenAPI contract: every documented operation is called for real, and each
 * response (success and error) is validated against the document.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { call, newApiKey } from "@/test/api-client";
import { assertMatchesDocument, operationsOf } from "@/test/openapi-contract";
import { GET as openapi } from "./openapi.json/route";
import { GET as listConnections, POST as createConnection } from "./connections/route";
import { POST as verify } from "./connections/[id]/verify/route";
import { GET as listWebhooks, POST as createWebhook } from "./webhooks/route";
import { DELETE as deleteWebhook } from "./webhooks/[id]/route";
import { POST as rotateWebhook } from "./webhooks/[id]/rotate/route";
import { GET as getConnection } from "./connections/[id]/route";
import { GET as listEvents } from "./connections/[id]/events/route";
import { POST as issueCredentials } from "./connections/[id]/credentials/route";
import { startAppHarness, type AppHarness } from "@/test/app-harness";
import { forgetStackRequests, subscriptionsConfirmed } from "@/test/links";

const checked = new Set<string>();

function check(operation: string, response: { status: number; json: unknown }, status: number) {
  expect(response.status).toBe(status);
  assertMatchesDocument(operation, status, response.json);
  checked.add(operation);
}

describe("OpenAPI contract", () => {
  let key = "";
  let connectionId = "";
  let app: AppHarness;

  beforeAll(async () => {
    await resetDb();
    app = await startAppHarness();
    await subscriptionsConfirmed(app);
    app.sandbox.state.sts.putRole({
      roleArn: "arn:aws:iam::222222222222:role/r",
      trustedAccountId: "111111111111",
      externalId: "ext-contract",
    });
    key = (await newApiKey(["connections:read", "connections:write", "connections:verify", "credentials:issue", "webhooks:manage"])).key;
    const owner = await db.user.create({ data: { email: "c@example.test", passwordHash: "x" } });
    const connection = await db.connection.create({
      data: {
        ownerId: owner.id,
        accountId: "222222222222",
        region: "us-east-1",
        externalId: "ext-contract",
        status: "connected",
        roleArn: "arn:aws:iam::222222222222:role/r",
        connectedAt: new Date(),
        externalRef: "tenant-9",
        templateVersion: "1.1.0",
      },
    });
    connectionId = connection.id;
    await db.event.create({ data: { connectionId, kind: "connection.connected", actor: "system" } });
  });

  it("serves an OpenAPI 3.1 document", async () => {
    const response = openapi();
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: object };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/connections/{id}");
  });

  it("GET /connections", async () => {
    check("GET /connections", await call(listConnections, { key }), 200);
    check("GET /connections", await call(listConnections, { key, path: "/api/v1/connections?limit=0" }), 400);
    check("GET /connections", await call(listConnections, {}), 401);
    check("GET /connections", await call(listConnections, { key: (await newApiKey(["credentials:issue"])).key }), 403);
  });

  it("GET /connections/{id}", async () => {
    check("GET /connections/{id}", await call(getConnection, { key, params: { id: connectionId } }), 200);
    check("GET /connections/{id}", await call(getConnection, { key, params: { id: crypto.randomUUID() } }), 404);
  });

  it("GET /connections/{id}/events", async () => {
    check("GET /connections/{id}/events", await call(listEvents, { key, params: { id: connectionId } }), 200);
    check("GET /connections/{id}/events", await call(listEvents, { key, params: { id: crypto.randomUUID() } }), 404);
  });

  it("POST /connections/{id}/credentials", async () => {
    const op = "POST /connections/{id}/credentials";
    check(op, await call(issueCredentials, { key, method: "POST", params: { id: connectionId }, body: { durationSeconds: 900 } }), 200);
    check(op, await call(issueCredentials, { key, method: "POST", params: { id: connectionId }, body: { durationSeconds: 5 } }), 400);
    check(op, await call(issueCredentials, { key, method: "POST", params: { id: crypto.randomUUID() } }), 404);
  });

  it("POST /connections", async () => {
    const body = { accountId: "777788889999", region: "eu-west-1", externalRef: "tenant-c" };
    check("POST /connections", await call(createConnection, { key, method: "POST", body }), 201);
    check("POST /connections", await call(createConnection, { key, method: "POST", body }), 200);
    check("POST /connections", await call(createConnection, { key, method: "POST", body: { ...body, surprise: true } }), 400);
  });

  it("POST /connections/{id}/verify", async () => {
    check("POST /connections/{id}/verify", await call(verify, { key, method: "POST", params: { id: connectionId } }), 200);
    check("POST /connections/{id}/verify", await call(verify, { key, method: "POST", params: { id: crypto.randomUUID() } }), 404);
  });

  it("webhook endpoints", async () => {
    const created = await call(createWebhook, {
      key,
      method: "POST",
      body: { url: "http://127.0.0.1:9/hooks", eventTypes: ["connection.connected"] },
    });
    check("POST /webhooks", created, 201);
    expect(created.json.secret).toMatch(/^whsec_/);
    check("POST /webhooks", await call(createWebhook, { key, method: "POST", body: { url: "ftp://x", eventTypes: [] } }), 400);
    check("GET /webhooks", await call(listWebhooks, { key }), 200);
    expect(JSON.stringify((await call(listWebhooks, { key })).json)).not.toContain(created.json.secret);
    check("POST /webhooks/{id}/rotate", await call(rotateWebhook, { key, method: "POST", params: { id: created.json.endpoint.id } }), 200);
    check("POST /webhooks/{id}/rotate", await call(rotateWebhook, { key, method: "POST", params: { id: crypto.randomUUID() } }), 404);
    const removed = await call(deleteWebhook, { key, method: "DELETE", params: { id: created.json.endpoint.id } });
    expect(removed.status).toBe(204);
    checked.add("DELETE /webhooks/{id}");
    check("DELETE /webhooks/{id}", await call(deleteWebhook, { key, method: "DELETE", params: { id: created.json.endpoint.id } }), 404);
  });

  it("a response that breaks the document is caught", () => {
    expect(() => assertMatchesDocument("GET /connections/{id}", 200, { id: "x" })).toThrow(/does not match/);
  });

  afterAll(async () => {
    await forgetStackRequests();
    const { stopBoss } = await import("@/lib/jobs/boss");
    await stopBoss({ graceful: false, timeoutMs: 1000 });
    await app.stop();
    // Every documented operation was exercised above.
    expect([...checked].sort()).toEqual(operationsOf());
  });
});
