/**
 * Verification end to end through the real AWS SDK path against the sandbox
 * STS on loopback: an admin's check (proveAccess: AssumeRole + GetCallerIdentity)
 * and the fleet's (proveAssumable: AssumeRole alone).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { createStsHandler, createStsState } from "@/sandbox/sts";
import { runFleetVerification } from "./verify-fleet";
import { verifyConnection } from "./verify-connection";

const VENDOR = "111111111111";
const ADMIN = { kind: "admin" as const, id: "9a8b7c6d-0000-4000-8000-000000000001", email: "ops@rolelink.test" };
let server: Server;
let sts: ReturnType<typeof createStsState>;
const previousEndpoint = process.env.AWS_ENDPOINT_URL_STS;

beforeAll(async () => {
  sts = createStsState({ vendorAccountId: VENDOR, baseAccessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "test" });
  const handler = createStsHandler(sts);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.AWS_ENDPOINT_URL_STS = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sts`;
});

afterAll(async () => {
  process.env.AWS_ENDPOINT_URL_STS = previousEndpoint;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function connection(accountId: string, roleArn: string, externalId: string) {
  const owner = await db.user.upsert({
    where: { email: "sts@example.test" },
    create: { email: "sts@example.test", passwordHash: "x" },
    update: {},
  });
  return db.connection.create({ data: { ownerId: owner.id, accountId, region: "us-east-1", externalId, status: "connected", roleArn } });
}

describe("verification against the loopback sandbox STS", () => {
  beforeEach(resetDb);

  it("an admin's check proves the role and shows the assumed-role ARN, account and a 15-minute expiry", async () => {
    const roleArn = "arn:aws:iam::222222222222:role/rolelink-ok";
    sts.putRole({ roleArn, trustedAccountId: VENDOR, externalId: "ext-ok-0001" });
    const c = await connection("222222222222", roleArn, "ext-ok-0001");
    const before = Date.now();
    const outcome = await verifyConnection({ connectionId: c.id, actor: ADMIN, reason: "admin" });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.accountId).toBe("222222222222");
    expect(outcome.assumedRoleArn).toMatch(/^arn:aws:sts::222222222222:assumed-role\/rolelink-ok\/rolelink-9a8b7c6d-\d{10}$/);
    expect(outcome.expiresAt.getTime() - before).toBeGreaterThan(14 * 60_000);
    expect(outcome.expiresAt.getTime() - before).toBeLessThanOrEqual(15 * 60_000 + 5_000);
    // Nothing resembling temporary credentials reached the database.
    const asText = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    const stored = asText(await db.event.findMany()) + asText(await db.connection.findMany());
    expect(stored).not.toMatch(/ASIA[A-Z0-9]{12,}|SessionToken|SecretAccessKey/i);
  });

  it("the fleet run keeps working roles connected and breaks a deleted role and a changed External ID, with the reason", async () => {
    const good = "arn:aws:iam::222222222222:role/good";
    const changed = "arn:aws:iam::333333333333:role/changed";
    sts.putRole({ roleArn: good, trustedAccountId: VENDOR, externalId: "ext-good-0001" });
    sts.putRole({ roleArn: changed, trustedAccountId: VENDOR, externalId: "ext-new-0001" });
    await connection("222222222222", good, "ext-good-0001");
    await connection("333333333333", changed, "ext-old-0001");
    await connection("444444444444", "arn:aws:iam::444444444444:role/deleted", "ext-gone-0001");

    sts.calls.length = 0;
    const result = await runFleetVerification({ trigger: "schedule", actor: { kind: "system" }, reason: "schedule", concurrency: 16 });
    expect(result).toMatchObject({ total: 3, succeeded: 1, failed: 2 });
    // One STS call per account: the session ARN names the account, no GetCallerIdentity follows.
    expect(sts.calls.map((call) => call.action)).toEqual(["AssumeRole", "AssumeRole", "AssumeRole"]);
    const rows = await db.connection.findMany({
      orderBy: { accountId: "asc" },
      select: { accountId: true, status: true, lastError: true },
    });
    expect(rows.map((r) => [r.accountId, r.status])).toEqual([
      ["222222222222", "connected"],
      ["333333333333", "broken"],
      ["444444444444", "broken"],
    ]);
    expect(rows[1]!.lastError).toMatch(/AccessDenied.*External ID/);
    const audit = await db.event.findMany({
      where: { kind: { in: ["verify.succeeded", "verify.failed"] } },
      select: { actor: true, detail: true },
    });
    expect(audit).toHaveLength(3);
    expect(audit.every((e) => e.actor === "system" && (e.detail as { reason?: string }).reason === "schedule")).toBe(true);
  });

  it("backs off when STS throttles and still verifies everyone, without marking anyone broken", async () => {
    for (let i = 0; i < 6; i++) {
      const roleArn = `arn:aws:iam::55555555555${i}:role/r${i}`;
      sts.putRole({ roleArn, trustedAccountId: VENDOR, externalId: `ext-many-000${i}` });
      await connection(`55555555555${i}`, roleArn, `ext-many-000${i}`);
    }
    sts.throttleNext(3);
    const sleeps: number[] = [];
    const result = await runFleetVerification({
      trigger: "schedule",
      actor: { kind: "system" },
      reason: "schedule",
      concurrency: 2,
      baseDelayMs: 5,
      sleep: async (ms) => {
        sleeps.push(ms);
        await new Promise((r) => setTimeout(r, Math.min(ms, 20)));
      },
    });
    expect(result).toMatchObject({ total: 6, succeeded: 6, failed: 0 });
    expect(sleeps.length).toBeGreaterThan(0);
    expect(await db.connection.count({ where: { status: "broken", lastError: { contains: "throttled" } } })).toBe(0);
    expect(await db.event.count({ where: { kind: "verify.failed", detail: { path: ["code"], equals: "throttled" } } })).toBe(3);
  });
});
