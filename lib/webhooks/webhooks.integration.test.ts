/**
 * Webhooks end to end: transition() writes the outbox in its transaction, the
 * pg-boss worker delivers, and a loopback receiver verifies every delivery with
 * the standardwebhooks package.
 */
import { loadCustomerTemplate } from "@/lib/cfn/template";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { db } from "@/lib/db";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { transition } from "@/lib/connections/transition";
import { resetDb } from "@/test/db";
import { waitUntil } from "@/test/app-harness";
import { startReceiver } from "@/test/webhook-receiver";
import { createEndpoint, rotateSigningSecret } from "./endpoints";
import { deliverySettings } from "./deliver";
import { pollSettings, registerWebhookJobs } from "./jobs";
import { ALL_WEBHOOK_EVENT_TYPES } from "./event-types";

const ADMIN = { kind: "admin" as const, id: "00000000-0000-4000-8000-0000000000aa", email: "ops@rolelink.test" };
let stopPoller: (() => void) | undefined;

async function startDelivery() {
  stopPoller = await registerWebhookJobs(await getBoss());
}
async function stopDelivery() {
  stopPoller?.();
  stopPoller = undefined;
  await stopBoss({ graceful: true, timeoutMs: 5_000 });
}

const CURRENT = loadCustomerTemplate().version;

async function link(status: "pending" | "verifying" | "connected" = "pending", templateVersion = CURRENT) {
  const owner = await db.user.create({ data: { email: `c-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  return db.connection.create({
    data: {
      ownerId: owner.id,
      accountId: "222222222222",
      region: "us-east-1",
      externalId: `ext-${crypto.randomUUID()}`,
      status,
      roleArn: "arn:aws:iam::222222222222:role/r",
      templateVersion,
      externalRef: "tenant-7",
    },
  });
}

const event = { kind: "connection.connected" as const, actor: "system" };

beforeEach(async () => {
  await resetDb();
  await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = 'webhook-delivery'`).catch(() => undefined);
  Object.assign(deliverySettings, { baseDelayMs: 150, maxDelayMs: 1_000, timeoutMs: 2_000 });
  pollSettings.intervalMs = 100;
});
afterEach(stopDelivery);
afterAll(stopDelivery);

describe("webhook outbox and delivery", () => {
  it("delivers connected, broken, recovered and disconnected, each signed and verified, in order, with the connection", async () => {
    let secret = "";
    const receiver = await startReceiver(() => secret);
    const created = await createEndpoint({ url: receiver.url, eventTypes: ALL_WEBHOOK_EVENT_TYPES }, ADMIN);
    if (created.kind !== "created") throw new Error(created.message);
    secret = created.secret;
    const c = await link("verifying");
    await startDelivery();
    await transition({ connectionId: c.id, to: "connected", event });
    await waitUntil(() => receiver.accepted().length === 1);
    await transition({ connectionId: c.id, to: "broken", event: { kind: "connection.broken", actor: "system" } });
    await waitUntil(() => receiver.accepted().length === 2);
    await transition({ connectionId: c.id, to: "connected", event });
    await waitUntil(() => receiver.accepted().length === 3);
    await transition({ connectionId: c.id, to: "disconnected", event: { kind: "connection.disconnected", actor: "sns" } });
    await waitUntil(() => receiver.accepted().length === 4);
    expect(receiver.received.map((r) => r.type)).toEqual([
      "connection.connected",
      "connection.broken",
      "connection.recovered",
      "connection.disconnected",
    ]);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(receiver.received[2]?.body.data).toMatchObject({
      previousStatus: "broken",
      connection: { id: c.id, status: "connected", externalRef: "tenant-7" },
    });
    expect(JSON.stringify(receiver.received)).not.toContain(c.externalId);
    await receiver.stop();
  });

  it("sends nothing for a transition whose transaction rolls back", async () => {
    const receiver = await startReceiver(() => "whsec_unused");
    await createEndpoint({ url: receiver.url, eventTypes: ["connection.connected"] }, ADMIN);
    const c = await link("verifying");
    await startDelivery();
    await expect(
      db.$transaction(async (tx) => {
        expect(await transition({ connectionId: c.id, to: "connected", event }, tx)).toEqual({ ok: true });
        throw new Error("something later in the same transaction failed");
      }),
    ).rejects.toThrow(/later/);
    expect((await db.connection.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("verifying");
    expect(await db.webhookEvent.count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received).toHaveLength(0);
    await receiver.stop();
  });

  it("retries a receiver that fails twice with backoff, then stops once it succeeds; every attempt is logged", async () => {
    let secret = "";
    const receiver = await startReceiver(
      () => secret,
      (_id, seen) => (seen < 2 ? 500 : 200),
    );
    const created = await createEndpoint({ url: receiver.url, eventTypes: ["connection.connected"] }, ADMIN);
    if (created.kind !== "created") throw new Error(created.message);
    secret = created.secret;
    const c = await link("verifying");
    await startDelivery();
    await transition({ connectionId: c.id, to: "connected", event });
    await waitUntil(() => receiver.accepted().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received.map((r) => r.answered)).toEqual([500, 500, 200]);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    const delivery = await db.webhookDelivery.findFirstOrThrow({ include: { attemptLog: { orderBy: { id: "asc" } } } });
    expect(delivery).toMatchObject({ state: "succeeded", attempts: 3 });
    expect(delivery.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    expect(delivery.attemptLog[0]?.error).toBe("HTTP 500");
    await receiver.stop();
  });

  it("delivers each event exactly once per id across a worker restart", async () => {
    let secret = "";
    let down = true;
    const receiver = await startReceiver(
      () => secret,
      () => (down ? 503 : 204),
    );
    const created = await createEndpoint({ url: receiver.url, eventTypes: ["connection.connected", "connection.disconnected"] }, ADMIN);
    if (created.kind !== "created") throw new Error(created.message);
    secret = created.secret;
    const links = await Promise.all([link("verifying"), link("verifying"), link("verifying")]);
    await startDelivery();
    for (const c of links) await transition({ connectionId: c.id, to: "connected", event });
    await waitUntil(() => receiver.received.length >= 3);
    // The worker goes away mid-retry; events keep happening meanwhile.
    await stopDelivery();
    for (const c of links)
      await transition({ connectionId: c.id, to: "disconnected", event: { kind: "connection.disconnected", actor: "sns" } });
    down = false;
    await startDelivery();
    await waitUntil(() => receiver.accepted().length === 6, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const accepted = receiver.accepted();
    expect(accepted).toHaveLength(6);
    expect(new Set(accepted).size).toBe(6);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(await db.webhookDelivery.count({ where: { state: "succeeded" } })).toBe(6);
    await receiver.stop();
  });

  it("signs with both the old and the new secret during a rotation", async () => {
    let secret = "";
    const receiver = await startReceiver(() => secret);
    const created = await createEndpoint({ url: receiver.url, eventTypes: ["connection.connected"] }, ADMIN);
    if (created.kind !== "created") throw new Error(created.message);
    const old = created.secret;
    const rotated = await rotateSigningSecret(created.id, ADMIN);
    if (rotated.kind !== "rotated") throw new Error("not rotated");
    secret = old;
    const c = await link("verifying");
    await startDelivery();
    await transition({ connectionId: c.id, to: "connected", event });
    await waitUntil(() => receiver.accepted().length === 1);
    const delivered = receiver.received[0]!;
    expect(delivered.signature.split(" ")).toHaveLength(2);
    // The same delivery verifies for a receiver still on the old secret and one already on the new one.
    expect(delivered.verified).toBe(true);
    expect(() => new Webhook(rotated.secret).verify(delivered.raw.body, delivered.raw.headers)).not.toThrow();
    expect(() => new Webhook(old).verify(delivered.raw.body, delivered.raw.headers)).not.toThrow();
    await receiver.stop();
  });

  it("emits template_outdated when a stack connects on an older template version", async () => {
    const receiver = await startReceiver(() => "x");
    await createEndpoint({ url: receiver.url, eventTypes: ["connection.template_outdated"] }, ADMIN);
    const old = await link("verifying", "1.0.0");
    const current = await link("verifying", CURRENT);
    await transition({ connectionId: old.id, to: "connected", event });
    await transition({ connectionId: current.id, to: "connected", event });
    const events = await db.webhookEvent.findMany({ orderBy: { createdAt: "asc" } });
    // Only what some endpoint listens to is written: here, the outdated template.
    expect(events.map((e) => [e.type, e.connectionId])).toEqual([["connection.template_outdated", old.id]]);
    expect(events[0]?.payload).toMatchObject({ data: { connection: { templateVersion: "1.0.0" }, currentTemplateVersion: CURRENT } });
    expect(await db.webhookDelivery.count()).toBe(1);
    await receiver.stop();
  });
});
