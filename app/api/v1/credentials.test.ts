/**
 * The credential broker against the sandbox STS on loopback: what the caller,
 * the customer's CloudTrail (SourceIdentity) and the audit log see.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { call, newApiKey, apiAdmin } from "@/test/api-client";
import { startStsServer, VENDOR_ACCOUNT } from "@/test/sts-server";
import { revokeApiKey } from "@/lib/api/keys";
import { credentialRateLimit } from "@/lib/api/rate-limit";
import { auditSql, toAuditEntry, type AuditEventRow } from "@/lib/admin/audit-query";
import { POST as issue } from "./connections/[id]/credentials/route";

let stsServer: Awaited<ReturnType<typeof startStsServer>>;
const ROLE = "arn:aws:iam::222222222222:role/rolelink-broker";
const EXTERNAL_ID = "ext-broker-0001";

async function connected(status: "connected" | "pending" = "connected") {
  const owner = await db.user.create({ data: { email: `c-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  return db.connection.create({
    data: {
      ownerId: owner.id,
      accountId: "222222222222",
      region: "us-east-1",
      externalId: status === "connected" ? EXTERNAL_ID : `ext-${crypto.randomUUID()}`,
      status,
      roleArn: ROLE,
    },
  });
}

const asText = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

beforeAll(async () => {
  stsServer = await startStsServer();
});
afterAll(async () => {
  await stsServer.stop();
});

describe("POST /api/v1/connections/{id}/credentials", () => {
  beforeEach(async () => {
    await resetDb();
    credentialRateLimit.points = 20;
    stsServer.sts.calls.length = 0;
    stsServer.sts.putRole({ roleArn: ROLE, trustedAccountId: VENDOR_ACCOUNT, externalId: EXTERNAL_ID });
  });

  it("issues working credentials whose SourceIdentity names the key, audited, never stored", async () => {
    const { key, prefix } = await newApiKey(["credentials:issue"]);
    const c = await connected();
    const before = Date.now();
    const response = await call(issue, { key, method: "POST", params: { id: c.id }, body: { durationSeconds: 1800 } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(response.json).toMatchObject({
      Version: 1,
      AccessKeyId: expect.stringMatching(/^ASIA/),
      SecretAccessKey: expect.any(String),
      SessionToken: expect.any(String),
    });
    const expires = Date.parse(response.json.Expiration);
    expect(expires - before).toBeGreaterThan(29 * 60_000);
    expect(expires - before).toBeLessThanOrEqual(30 * 60_000 + 2_000);
    // What the customer's CloudTrail would show.
    const assume = stsServer.sts.calls.filter((x) => x.action === "AssumeRole");
    expect(assume).toHaveLength(1);
    expect(assume[0]).toMatchObject({ roleArn: ROLE, externalIdGiven: true, sourceIdentity: `rolelink-key-${prefix}`, outcome: "ok" });
    expect(assume[0]?.sourceIdentity?.startsWith("rolelink")).toBe(true);
    // The session works: STS knows it.
    expect(stsServer.sts.findSession(response.json.AccessKeyId)?.roleArn).toBe(ROLE);
    const audit = await db.event.findMany({ where: { connectionId: c.id, kind: "credentials.issued" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor).toBe(`api-key:${prefix}`);
    expect(audit[0]?.detail).toMatchObject({
      prefix,
      durationSeconds: 1800,
      sourceIdentity: `rolelink-key-${prefix}`,
      sessionPolicy: false,
    });
    // The admin audit log lists it with the other AssumeRoles.
    const [entry] = (await db.$queryRaw<AuditEventRow[]>(auditSql({ limit: 10 }))).map(toAuditEntry);
    expect(entry).toMatchObject({
      who: `API key ${prefix}`,
      why: "credentials issued through the API",
      outcome: "succeeded",
      connectionId: c.id,
      roleArn: ROLE,
    });
    const stored = asText(await db.event.findMany()) + asText(await db.connection.findMany()) + asText(await db.apiKey.findMany());
    for (const secret of [response.json.AccessKeyId, response.json.SecretAccessKey, response.json.SessionToken])
      expect(stored).not.toContain(secret);
  });

  it("a revoked key gets nothing: 401, no AssumeRole, no credentials", async () => {
    const admin = await apiAdmin();
    const { key, id } = await newApiKey(["credentials:issue"]);
    const c = await connected();
    await revokeApiKey(id, { id: admin.id, email: admin.email });
    const response = await call(issue, { key, method: "POST", params: { id: c.id } });
    expect(response.status).toBe(401);
    expect(asText(response.json)).not.toMatch(/AccessKeyId|ASIA/);
    expect(stsServer.sts.calls).toHaveLength(0);
  });

  it("needs the credentials:issue scope", async () => {
    const { key } = await newApiKey(["connections:read"]);
    const c = await connected();
    expect((await call(issue, { key, method: "POST", params: { id: c.id } })).status).toBe(403);
    expect(stsServer.sts.calls).toHaveLength(0);
  });

  it("refuses durations outside 900-3600, unknown fields and a malformed session policy with 400", async () => {
    const { key } = await newApiKey(["credentials:issue"]);
    const c = await connected();
    for (const body of [
      { durationSeconds: 899 },
      { durationSeconds: 3601 },
      { extra: 1 },
      { policy: { Version: "2012-10-17", Statement: [{ Effect: "Maybe" }] } },
      "{not json",
    ]) {
      const response = await call(issue, { key, method: "POST", params: { id: c.id }, body });
      expect(response.status).toBe(400);
      expect(response.json.error.code).toBe("validation_failed");
    }
    expect(stsServer.sts.calls).toHaveLength(0);
  });

  it("passes a session policy and records that the session was narrowed", async () => {
    const { key } = await newApiKey(["credentials:issue"]);
    const c = await connected();
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" }] };
    expect((await call(issue, { key, method: "POST", params: { id: c.id }, body: { policy } })).status).toBe(200);
    const audit = await db.event.findFirstOrThrow({ where: { kind: "credentials.issued" } });
    expect(audit.detail).toMatchObject({ sessionPolicy: true, durationSeconds: 900 });
  });

  it("answers 409 for a connection that is not connected, 404 for an unknown one, and audits AWS's refusal", async () => {
    const { key } = await newApiKey(["credentials:issue"]);
    const pending = await connected("pending");
    expect((await call(issue, { key, method: "POST", params: { id: pending.id } })).status).toBe(409);
    expect((await call(issue, { key, method: "POST", params: { id: crypto.randomUUID() } })).status).toBe(404);
    const c = await connected();
    stsServer.sts.putRole({ roleArn: ROLE, trustedAccountId: VENDOR_ACCOUNT, externalId: "someone-changed-it" });
    const refused = await call(issue, { key, method: "POST", params: { id: c.id } });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/refused/);
    expect(await db.event.count({ where: { connectionId: c.id, kind: "credentials.refused" } })).toBe(1);
  });

  it("rate-limits per key with 429 and Retry-After, without touching other keys", async () => {
    credentialRateLimit.points = 2;
    const first = await newApiKey(["credentials:issue"], "first");
    const second = await newApiKey(["credentials:issue"], "second");
    const c = await connected();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(issue, { key: first.key, method: "POST", params: { id: c.id } })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await call(issue, { key: first.key, method: "POST", params: { id: c.id } });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call(issue, { key: second.key, method: "POST", params: { id: c.id } })).status).toBe(200);
    expect(stsServer.sts.calls.filter((x) => x.action === "AssumeRole")).toHaveLength(3);
  });
});
