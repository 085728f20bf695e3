/**
 * Signing secrets at rest: the database column never holds a secret (sealed),
 * rows stored in clear by an earlier release are sealed at worker start, and
 * deliveries still verify with the standardwebhooks package either way.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { transition } from "@/lib/connections/transition";
import { loadCustomerTemplate } from "@/lib/cfn/template";
import { resetDb } from "@/test/db";
import { startReceiver } from "@/test/webhook-receiver";
import { createEndpoint, generateSigningSecret, rotateSigningSecret } from "./endpoints";
import { deliverWebhook } from "./deliver";
import { sealLegacySigningSecrets } from "./signing-secrets";

const ADMIN = { kind: "admin" as const, id: "00000000-0000-4000-8000-0000000000aa", email: "ops@rolelink.test" };
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

beforeEach(resetDb);
afterEach(async () => {
  await receiver?.stop();
  receiver = undefined;
});

async function storedColumn(): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ secret_sealed: string }>>`SELECT secret_sealed FROM webhook_secrets`;
  return rows.map((r) => r.secret_sealed);
}

/** A connected transition (writes the outbox row), then one delivery attempt, as the worker would make it. */
async function deliverOneEvent(): Promise<void> {
  const owner = await db.user.create({ data: { email: `c-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  const c = await db.connection.create({
    data: {
      ownerId: owner.id,
      accountId: "222222222222",
      region: "us-east-1",
      externalId: `ext-${crypto.randomUUID()}`,
      status: "verifying",
      roleArn: "arn:aws:iam::222222222222:role/r",
      templateVersion: loadCustomerTemplate().version,
    },
  });
  await transition({ connectionId: c.id, to: "connected", event: { kind: "connection.connected", actor: "system" } });
  const delivery = await db.webhookDelivery.findFirstOrThrow({ select: { id: true } });
  expect(await deliverWebhook(delivery.id)).toBe("succeeded");
}

describe("webhook signing secrets at rest", () => {
  it("stores created and rotated secrets sealed, and deliveries signed with them verify", async () => {
    let secret = "";
    receiver = await startReceiver(() => secret);
    const created = await createEndpoint({ url: receiver.url, eventTypes: ["connection.connected"] }, ADMIN);
    if (created.kind !== "created") throw new Error(created.message);
    const rotated = await rotateSigningSecret(created.id, ADMIN);
    if (rotated.kind !== "rotated") throw new Error("not rotated");
    secret = rotated.secret;

    const column = await storedColumn();
    expect(column).toHaveLength(2);
    for (const value of column) {
      expect(value).not.toContain("whsec_");
      expect(value).not.toContain(created.secret.slice("whsec_".length));
      expect(value).not.toContain(rotated.secret.slice("whsec_".length));
    }

    await deliverOneEvent();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.verified).toBe(true);
  });

  it("seals a secret an earlier release stored in clear, once, and its deliveries still verify", async () => {
    const legacy = generateSigningSecret();
    receiver = await startReceiver(() => legacy);
    await db.webhookEndpoint.create({
      data: { url: receiver.url, eventTypes: ["connection.connected"], secrets: { create: { secretSealed: legacy } } },
    });

    expect(await sealLegacySigningSecrets()).toBe(1);
    expect(await sealLegacySigningSecrets()).toBe(0);
    const [stored] = await storedColumn();
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(legacy.slice("whsec_".length));

    await deliverOneEvent();
    expect(receiver.received[0]?.verified).toBe(true);
  });

  it("a sealed secret that no longer opens (NEXTAUTH_SECRET changed) fails the attempt with a reason, never signs with garbage", async () => {
    receiver = await startReceiver(() => "whsec_unused");
    const created = await createEndpoint({ url: receiver.url, eventTypes: ["connection.connected"] }, ADMIN);
    if (created.kind !== "created") throw new Error(created.message);
    await db.$executeRaw`UPDATE webhook_secrets SET secret_sealed = 'v1.AAAA.AAAA.AAAA'`;
    const owner = await db.user.create({ data: { email: "x@example.test", passwordHash: "x" } });
    const c = await db.connection.create({
      data: {
        ownerId: owner.id,
        accountId: "222222222222",
        region: "us-east-1",
        externalId: "ext-x",
        status: "verifying",
        roleArn: "arn:aws:iam::222222222222:role/r",
      },
    });
    await transition({ connectionId: c.id, to: "connected", event: { kind: "connection.connected", actor: "system" } });
    const delivery = await db.webhookDelivery.findFirstOrThrow({ select: { id: true } });
    expect(await deliverWebhook(delivery.id)).toBe("retry");
    expect(receiver.received).toHaveLength(0);
    const attempt = await db.webhookAttempt.findFirstOrThrow({ where: { deliveryId: delivery.id } });
    expect(attempt.error).toMatch(/cannot be read/);
  });
});
