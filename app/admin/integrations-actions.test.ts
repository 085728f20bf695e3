/**
 * The admin actions for API keys and webhooks: admins only, secrets shown once
 * (in the action's answer) and never readable again, bad input answered per field.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { testSession } from "@/test/test-session";
import { createKey, revokeKey } from "./api-keys/actions";
import { createWebhookEndpoint, resendWebhookDelivery, rotateWebhookSecret, toggleWebhookEndpoint } from "./webhooks/actions";
import { listAdminApiKeys } from "@/lib/data/admin-api-keys";
import { getWebhookEndpoint, listWebhookEndpoints } from "@/lib/data/admin-webhooks";

vi.mock("@/lib/auth/session", async () => (await import("@/test/test-session")).sessionModule);
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

function form(entries: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
}

let admin = { id: "", email: "ops@rolelink.test", role: "admin" as const };

beforeEach(async () => {
  await resetDb();
  const user = await db.user.create({ data: { email: "ops@rolelink.test", passwordHash: "x", role: "admin" } });
  admin = { id: user.id, email: user.email, role: "admin" };
  testSession.user = admin;
});

describe("API key actions", () => {
  it("refuse customers and anonymous visitors, and create nothing", async () => {
    for (const user of [{ ...admin, role: "customer" as const }, null]) {
      testSession.user = user;
      const state = await createKey(
        { ok: false },
        form([
          ["name", "x"],
          ["scopes", "connections:read"],
        ]),
      );
      expect(state).toMatchObject({ ok: false, message: expect.stringMatching(/administrators/) });
      await expect(listAdminApiKeys()).rejects.toThrow();
    }
    expect(await db.apiKey.count()).toBe(0);
  });

  it("show the new key once; the list shows its prefix and scopes, never the key", async () => {
    const state = await createKey(
      { ok: false },
      form([
        ["name", "scanner prod"],
        ["scopes", "connections:read"],
        ["scopes", "credentials:issue"],
        ["expiresInDays", "30"],
      ]),
    );
    expect(state.ok).toBe(true);
    expect(state.created?.key).toMatch(/^rlk_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    const keys = await listAdminApiKeys();
    expect(keys).toMatchObject([
      {
        name: "scanner prod",
        prefix: state.created?.prefix,
        scopes: ["connections:read", "credentials:issue"],
        createdBy: "ops@rolelink.test",
      },
    ]);
    expect(JSON.stringify(keys)).not.toContain(state.created?.key.split("_").at(-1));
    expect(keys[0]?.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const audit = await db.event.findFirstOrThrow({ where: { kind: "api_key.created" } });
    expect(audit.actor).toBe(`admin:${admin.id}`);
  });

  it("answer each bad field, and revoke", async () => {
    const bad = await createKey(
      { ok: false },
      form([
        ["name", ""],
        ["scopes", "root:everything"],
        ["expiresInDays", "0"],
      ]),
    );
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["expiresInDays", "name", "scopes"]);
    const created = await createKey(
      { ok: false },
      form([
        ["name", "k"],
        ["scopes", "connections:read"],
      ]),
    );
    const key = await db.apiKey.findFirstOrThrow();
    expect(await revokeKey({ ok: false }, form([["keyId", key.id]]))).toMatchObject({ ok: true });
    expect((await db.apiKey.findFirstOrThrow()).revokedAt).not.toBeNull();
    expect(created.ok).toBe(true);
    expect(await revokeKey({ ok: false }, form([["keyId", "nope"]]))).toMatchObject({ ok: false });
  });
});

describe("webhook actions", () => {
  it("register an endpoint, showing its signing secret once; reads never return secrets", async () => {
    const state = await createWebhookEndpoint(
      { ok: false },
      form([
        ["url", "http://127.0.0.1:9/hooks"],
        ["eventTypes", "connection.connected"],
        ["eventTypes", "connection.broken"],
      ]),
    );
    expect(state.ok).toBe(true);
    expect(state.secret).toMatch(/^whsec_/);
    const [endpoint] = await listWebhookEndpoints();
    expect(endpoint).toMatchObject({
      url: "http://127.0.0.1:9/hooks",
      eventTypes: ["connection.connected", "connection.broken"],
      enabled: true,
    });
    expect(JSON.stringify(await listWebhookEndpoints()) + JSON.stringify(await getWebhookEndpoint(endpoint!.id))).not.toContain(
      state.secret,
    );
  });

  it("refuse non-admins, bad URLs and an empty event list", async () => {
    testSession.user = { ...admin, role: "customer" };
    expect(
      await createWebhookEndpoint(
        { ok: false },
        form([
          ["url", "https://example.com/h"],
          ["eventTypes", "connection.connected"],
        ]),
      ),
    ).toMatchObject({ ok: false });
    testSession.user = admin;
    const noEvents = await createWebhookEndpoint({ ok: false }, form([["url", "https://example.com/h"]]));
    expect(noEvents.fieldErrors).toMatchObject({ eventTypes: expect.any(String) });
    const badUrl = await createWebhookEndpoint(
      { ok: false },
      form([
        ["url", "ftp://example.com/h"],
        ["eventTypes", "connection.connected"],
      ]),
    );
    expect(badUrl.fieldErrors).toMatchObject({ url: "The URL must use https." });
    expect(await db.webhookEndpoint.count()).toBe(0);
  });

  it("rotate (two secrets sign during the overlap), disable, and resend a delivery", async () => {
    await createWebhookEndpoint(
      { ok: false },
      form([
        ["url", "http://127.0.0.1:9/hooks"],
        ["eventTypes", "connection.connected"],
      ]),
    );
    const endpoint = await db.webhookEndpoint.findFirstOrThrow();
    const rotated = await rotateWebhookSecret({ ok: false }, form([["endpointId", endpoint.id]]));
    expect(rotated.secret).toMatch(/^whsec_/);
    const secrets = await db.webhookSecret.findMany({ where: { endpointId: endpoint.id } });
    expect(secrets.filter((s) => s.expiresAt === null)).toHaveLength(1);
    expect(secrets.filter((s) => s.expiresAt && s.expiresAt.getTime() > Date.now() + 23 * 3_600_000)).toHaveLength(1);
    expect(
      await toggleWebhookEndpoint(
        { ok: false },
        form([
          ["endpointId", endpoint.id],
          ["enabled", "false"],
        ]),
      ),
    ).toMatchObject({ ok: true });
    expect((await db.webhookEndpoint.findFirstOrThrow()).enabled).toBe(false);
    await db.webhookEvent.create({ data: { id: "msg_test", type: "connection.connected", payload: {} } });
    const delivery = await db.webhookDelivery.create({
      data: { eventId: "msg_test", endpointId: endpoint.id, state: "failed", attempts: 9 },
    });
    expect(
      await resendWebhookDelivery(
        { ok: false },
        form([
          ["deliveryId", delivery.id],
          ["endpointId", endpoint.id],
        ]),
      ),
    ).toMatchObject({ ok: true });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      state: "pending",
      enqueuedAt: null,
    });
  });
});
