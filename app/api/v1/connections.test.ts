import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { call, newApiKey } from "@/test/api-client";
import { revokeApiKey } from "@/lib/api/keys";
import { GET as listConnections } from "./connections/route";
import { GET as getConnection } from "./connections/[id]/route";
import { GET as listEvents } from "./connections/[id]/events/route";

async function owner() {
  return db.user.create({ data: { email: `c-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
}

async function connection(data: {
  accountId: string;
  status?: "pending" | "connected" | "broken";
  createdAt?: Date;
  externalRef?: string;
  region?: string;
}) {
  const user = await owner();
  return db.connection.create({
    data: {
      ownerId: user.id,
      region: data.region ?? "us-east-1",
      externalId: `ext-${crypto.randomUUID()}`,
      status: data.status ?? "pending",
      accountId: data.accountId,
      createdAt: data.createdAt,
      externalRef: data.externalRef,
    },
  });
}

describe("API keys on /api/v1", () => {
  beforeEach(resetDb);

  it("answers 401 in the API's error shape without a key, with a malformed key and with an unknown key", async () => {
    const { key } = await newApiKey(["connections:read"]);
    const forged = key.slice(0, -4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const authorization of [undefined, "Basic abc", "Bearer nope", `Bearer ${forged}`]) {
      const response = await call(listConnections, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(response.json.error.code).toBe("unauthorized");
      expect(response.json.error.requestId).toBe(response.headers.get("x-request-id"));
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("answers 403 when the key lacks the route's scope, and 200 with it", async () => {
    const narrow = await newApiKey(["credentials:issue"]);
    const forbidden = await call(listConnections, { key: narrow.key });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error).toMatchObject({ code: "forbidden", message: expect.stringContaining("connections:read") });
    const reader = await newApiKey(["connections:read"]);
    expect((await call(listConnections, { key: reader.key })).status).toBe(200);
  });

  it("stops accepting a key the moment it is revoked, and records who revoked it", async () => {
    const admin = await db.user.create({ data: { email: "ops@rolelink.test", passwordHash: "x", role: "admin" } });
    const { key, id } = await newApiKey(["connections:read"]);
    expect((await call(listConnections, { key })).status).toBe(200);
    expect(await revokeApiKey(id, { id: admin.id, email: admin.email })).toEqual({ kind: "revoked" });
    const after = await call(listConnections, { key });
    expect(after.status).toBe(401);
    expect(after.json.error.message).toMatch(/revoked/);
    const audit = await db.event.findMany({ where: { kind: { in: ["api_key.created", "api_key.revoked"] } }, orderBy: { id: "asc" } });
    expect(audit.map((e) => e.kind)).toEqual(["api_key.created", "api_key.revoked"]);
    expect(audit[1]?.actor).toBe(`admin:${admin.id}`);
    expect(JSON.stringify(audit.map((e) => e.detail))).not.toContain(key);
  });

  it("refuses an expired key and records when a key was last used", async () => {
    const { key, id } = await newApiKey(["connections:read"]);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull();
    await call(listConnections, { key });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();
    await db.apiKey.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await call(listConnections, { key });
    expect(response.status).toBe(401);
    expect(response.json.error.message).toMatch(/expired/);
  });

  it("stores only a hash of the key", async () => {
    const { key, id } = await newApiKey(["connections:read"]);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row)).not.toContain(key.split("_").at(-1));
    expect(key.startsWith(row.prefix + "_")).toBe(true);
  });

  it("keeps a caller's sane x-request-id", async () => {
    const { key } = await newApiKey(["connections:read"]);
    const response = await call(listConnections, { key, headers: { "x-request-id": "lb-1234567890" } });
    expect(response.headers.get("x-request-id")).toBe("lb-1234567890");
  });
});

describe("GET /api/v1/connections", () => {
  beforeEach(resetDb);

  it("pages newest first and stays stable while new links are inserted", async () => {
    const { key } = await newApiKey(["connections:read"]);
    const base = Date.parse("2026-11-01T00:00:00Z");
    for (let i = 0; i < 7; i++) await connection({ accountId: `22222222220${i}`, createdAt: new Date(base + i * 60_000) });
    const first = await call(listConnections, { key, path: "/api/v1/connections?limit=3" });
    expect(first.status).toBe(200);
    expect(first.json.data.map((c: { accountId: string }) => c.accountId)).toEqual(["222222222206", "222222222205", "222222222204"]);
    // New links arrive (newer than everything) while the caller pages on.
    for (let i = 0; i < 4; i++) await connection({ accountId: `33333333330${i}`, createdAt: new Date(base + 3_600_000 + i) });
    const seen: string[] = first.json.data.map((c: { accountId: string }) => c.accountId);
    let cursor: string | null = first.json.nextCursor;
    while (cursor) {
      const page = await call(listConnections, { key, path: `/api/v1/connections?${new URLSearchParams({ limit: "3", cursor })}` });
      seen.push(...page.json.data.map((c: { accountId: string }) => c.accountId));
      cursor = page.json.nextCursor;
    }
    expect(seen).toEqual(["222222222206", "222222222205", "222222222204", "222222222203", "222222222202", "222222222201", "222222222200"]);
  });

  it("filters by status, account, region, external reference and update time, and never shows the External ID", async () => {
    const { key } = await newApiKey(["connections:read"]);
    const a = await connection({ accountId: "222222222222", status: "connected", externalRef: "tenant-1" });
    await connection({ accountId: "333333333333", status: "pending", region: "eu-west-1" });
    const byStatus = await call(listConnections, { key, path: "/api/v1/connections?status=connected" });
    expect(byStatus.json.data.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect((await call(listConnections, { key, path: "/api/v1/connections?externalRef=tenant-1" })).json.data).toHaveLength(1);
    expect((await call(listConnections, { key, path: "/api/v1/connections?accountId=333333333333" })).json.data).toHaveLength(1);
    expect((await call(listConnections, { key, path: "/api/v1/connections?region=eu-west-1" })).json.data).toHaveLength(1);
    expect(
      (
        await call(listConnections, {
          key,
          path: `/api/v1/connections?updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
        })
      ).json.data,
    ).toHaveLength(0);
    expect(JSON.stringify(byStatus.json)).not.toContain(a.externalId);
    expect(byStatus.json.data[0]).not.toHaveProperty("externalId");
  });

  it("lists an organization's member accounts by organization link, and 400 for a malformed link id", async () => {
    const { key } = await newApiKey(["connections:read"]);
    const user = await owner();
    const link = await db.organizationLink.create({
      data: {
        ownerId: user.id,
        managementAccountId: "444444444444",
        region: "us-east-1",
        externalId: `rl-org-${crypto.randomUUID()}`,
        targets: ["r-ab12"],
      },
    });
    const members = await Promise.all(
      ["444444444445", "444444444446"].map((accountId) =>
        db.connection.create({
          data: {
            ownerId: user.id,
            accountId,
            region: "us-east-1",
            externalId: link.externalId,
            organizationLinkId: link.id,
            status: "connected",
          },
        }),
      ),
    );
    await connection({ accountId: "555555555555", status: "connected" });
    const listed = await call(listConnections, { key, path: `/api/v1/connections?organizationLinkId=${link.id}` });
    expect(listed.status).toBe(200);
    expect(listed.json.data.map((c: { id: string }) => c.id).sort()).toEqual(members.map((m) => m.id).sort());
    expect(listed.json.data[0]).toMatchObject({ organizationLinkId: link.id });
    expect(JSON.stringify(listed.json)).not.toContain(link.externalId);
    const bad = await call(listConnections, { key, path: "/api/v1/connections?organizationLinkId=o-abc" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path)).toEqual(["organizationLinkId"]);
  });

  it("answers 400 with the field for bad filters, a repeated parameter and a forged cursor", async () => {
    const { key } = await newApiKey(["connections:read"]);
    const bad = await call(listConnections, { key, path: "/api/v1/connections?status=happy&limit=1000" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation_failed");
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["limit", "status"]);
    expect((await call(listConnections, { key, path: "/api/v1/connections?status=pending&status=connected" })).status).toBe(400);
    expect((await call(listConnections, { key, path: "/api/v1/connections?cursor=not-ours" })).status).toBe(400);
  });
});

describe("GET /api/v1/connections/{id} and its events", () => {
  beforeEach(resetDb);

  it("returns one connection, 404 for an unknown id and 400 for a malformed one", async () => {
    const { key } = await newApiKey(["connections:read"]);
    const a = await connection({ accountId: "222222222222", status: "connected" });
    const found = await call(getConnection, { key, params: { id: a.id } });
    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({ id: a.id, accountId: "222222222222", status: "connected" });
    expect(JSON.stringify(found.json)).not.toContain(a.externalId);
    expect((await call(getConnection, { key, params: { id: crypto.randomUUID() } })).status).toBe(404);
    expect((await call(getConnection, { key, params: { id: "1; drop table" } })).status).toBe(400);
  });

  it("lists the timeline newest first, paged, without people's ids or emails", async () => {
    const { key } = await newApiKey(["connections:read"]);
    const a = await connection({ accountId: "222222222222" });
    await db.event.createMany({
      data: [
        { connectionId: a.id, kind: "link.created", actor: "customer:abc" },
        { connectionId: a.id, kind: "verify.succeeded", actor: "admin:def", detail: { by: "ops@rolelink.test" } },
        { connectionId: a.id, kind: "connection.connected", actor: "system" },
      ],
    });
    const page = await call(listEvents, { key, params: { id: a.id }, path: "/api/v1/x?limit=2" });
    expect(page.json.data.map((e: { kind: string }) => e.kind)).toEqual(["connection.connected", "verify.succeeded"]);
    const next = await call(listEvents, {
      key,
      params: { id: a.id },
      path: `/api/v1/x?${new URLSearchParams({ limit: "2", cursor: page.json.nextCursor })}`,
    });
    expect(next.json).toMatchObject({ data: [{ kind: "link.created", actor: "customer" }], nextCursor: null });
    expect(JSON.stringify([page.json, next.json])).not.toMatch(/ops@rolelink|abc|def/);
    expect((await call(listEvents, { key, params: { id: crypto.randomUUID() } })).status).toBe(404);
  });
});
