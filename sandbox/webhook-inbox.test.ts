import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { createWebhookInbox, INBOX_PATH } from "./webhook-inbox";

const secret = `whsec_${Buffer.from("sandbox-inbox-test-secret-32-bytes!!").toString("base64")}`;
const inbox = createWebhookInbox();
const server = createServer((req, res) => {
  void inbox.handle(req, res, new URL(req.url ?? "/", "http://x").pathname).then((handled) => {
    if (!handled) res.writeHead(404).end();
  });
});
let origin = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function deliver(id: string, body: string, signWith: string) {
  const at = new Date();
  return fetch(`${origin}${INBOX_PATH}/hooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(signWith).sign(id, at, body),
    },
    body,
  });
}

describe("sandbox webhook inbox", () => {
  it("verifies deliveries with the secret it was handed, refuses forgeries, and counts repeats of an id once", async () => {
    const body = JSON.stringify({ type: "connection.connected", data: { connection: { id: "c-1", status: "connected" } } });
    expect((await deliver("evt_1", body, secret)).status).toBe(400); // no secret handed over yet
    const handed = await fetch(`${origin}${INBOX_PATH}/secrets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ secret }),
    });
    expect(handed.status).toBe(200);
    expect((await deliver("evt_2", body, secret)).status).toBe(204);
    expect((await deliver("evt_2", body, secret)).status).toBe(204);
    const forged = `whsec_${Buffer.from("another-secret-another-secret-32b!!!").toString("base64")}`;
    expect((await deliver("evt_3", body, forged)).status).toBe(400);

    const { events } = (await (await fetch(`${origin}${INBOX_PATH}/events`)).json()) as {
      events: Array<{ id: string; verified: boolean; deliveries: number; type: string; connectionId: string }>;
    };
    expect(events.map((e) => [e.id, e.verified, e.deliveries])).toEqual([
      ["evt_3", false, 1],
      ["evt_2", true, 2],
      ["evt_1", false, 1],
    ]);
    expect(events[1]).toMatchObject({ type: "connection.connected", connectionId: "c-1" });
    const page = await (await fetch(`${origin}${INBOX_PATH}`)).text();
    expect(page).toContain("Verified");
    expect(page).toContain("delivered 2 times");
  });

  it("refuses a malformed secret and bad JSON without failing", async () => {
    const bad = await fetch(`${origin}${INBOX_PATH}/secrets`, { method: "POST", body: JSON.stringify({ secret: "nope" }) });
    expect(bad.status).toBe(400);
    const notJson = await fetch(`${origin}${INBOX_PATH}/secrets`, { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
  });
});
