/**
 * Open launch links are capped (per customer, per AWS account) and expire
 * unused, giving their publish permission back to the region's topic policy.
 * Real PostgreSQL, the real AWS SDK against the sandbox SNS API on loopback.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSnsApiHandler, createSnsApiState, type SnsApiState } from "@/sandbox/sns-api";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { MAX_PENDING_PER_ACCOUNT, MAX_PENDING_PER_OWNER, startConnection } from "./start-connection";
import { expirePendingLinks } from "./expire-links";

const TOPIC = "arn:aws:sns:us-east-1:111111111111:rolelink";
const DAY = 24 * 60 * 60 * 1000;
let sns: SnsApiState;
let server: Server;
const saved = { endpoint: process.env.AWS_ENDPOINT_URL_SNS, mode: process.env.SNS_PUBLISH_ACCESS };

beforeAll(async () => {
  sns = createSnsApiState({ topics: [TOPIC, "arn:aws:sns:eu-west-1:111111111111:rolelink"] });
  const handler = createSnsApiHandler(sns);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.AWS_ENDPOINT_URL_SNS = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns-api`;
  process.env.SNS_PUBLISH_ACCESS = "per-account";
});

afterAll(async () => {
  for (const [key, value] of [
    ["AWS_ENDPOINT_URL_SNS", saved.endpoint],
    ["SNS_PUBLISH_ACCESS", saved.mode],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.$disconnect();
});

beforeEach(async () => {
  await resetDb();
  sns.topics.get(TOPIC)!.grants.clear();
});

const account = (i: number) => String(200_000_000_000 + i);
const customer = async () => (await db.user.create({ data: { email: `c-${crypto.randomUUID()}@example.test`, passwordHash: "x" } })).id;

describe("open launch links", () => {
  it(`a customer can hold at most ${MAX_PENDING_PER_OWNER} open links, even when asking in parallel`, async () => {
    const owner = await customer();
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, (_, i) => startConnection({ ownerId: owner, accountId: account(i), region: "us-east-1" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(MAX_PENDING_PER_OWNER);
    const refused = results.filter((r) => r.status === "rejected").map((r) => r.reason as { code?: string; message: string });
    expect(refused.every((e) => e.code === "too_many_requests" && /launch links waiting/.test(e.message))).toBe(true);
    expect(await db.connection.count({ where: { ownerId: owner, status: "pending" } })).toBe(MAX_PENDING_PER_OWNER);
    // The topic policy only grew by the links that exist.
    expect(sns.topics.get(TOPIC)!.grants.size).toBe(MAX_PENDING_PER_OWNER);
    // Asking again for an account that already has a link shows that link: not refused.
    await expect(startConnection({ ownerId: owner, accountId: account(0), region: "us-east-1" })).resolves.toMatchObject({ reused: true });
  });

  it(`one AWS account has at most ${MAX_PENDING_PER_ACCOUNT} open links across customers`, async () => {
    const owners = await Promise.all(Array.from({ length: 5 }, customer));
    const results = await Promise.allSettled(
      owners.map((ownerId) => startConnection({ ownerId, accountId: account(1), region: "us-east-1" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(MAX_PENDING_PER_ACCOUNT);
  });

  it("unused links expire after 7 days (by default) and give back their topic permission; newer ones stay", async () => {
    const owner = await customer();
    const old = await startConnection({ ownerId: owner, accountId: account(1), region: "us-east-1" });
    const fresh = await startConnection({ ownerId: owner, accountId: account(2), region: "us-east-1" });
    await db.connection.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 8 * DAY) } });
    expect(sns.canPublish(TOPIC, account(1))).toBe(true);

    expect(await expirePendingLinks()).toEqual({ expired: 1 });
    expect((await db.connection.findUniqueOrThrow({ where: { id: old.id } })).status).toBe("disconnected");
    expect((await db.connection.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("pending");
    expect(sns.canPublish(TOPIC, account(1))).toBe(false);
    expect(sns.canPublish(TOPIC, account(2))).toBe(true);
    expect(await db.event.findFirst({ where: { connectionId: old.id, kind: "link.expired" }, select: { actor: true } })).toEqual({
      actor: "system",
    });
    // Running again changes nothing.
    expect(await expirePendingLinks()).toEqual({ expired: 0 });
  });

  it("an expired link frees its place under the cap", async () => {
    const owner = await customer();
    for (let i = 0; i < MAX_PENDING_PER_OWNER; i++) await startConnection({ ownerId: owner, accountId: account(i), region: "us-east-1" });
    await expect(startConnection({ ownerId: owner, accountId: account(99), region: "us-east-1" })).rejects.toThrow(/launch links waiting/);
    await db.connection.updateMany({
      where: { ownerId: owner, accountId: account(0) },
      data: { createdAt: new Date(Date.now() - 30 * DAY) },
    });
    await expirePendingLinks();
    await expect(startConnection({ ownerId: owner, accountId: account(99), region: "us-east-1" })).resolves.toMatchObject({
      reused: false,
    });
  });
});
