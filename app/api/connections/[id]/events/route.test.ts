/**
 * The live progress stream against the test database: a subscriber sees every
 * state of its own connection in commit order, and nothing of another user's;
 * only the owner or an admin may open it.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { testSession } from "@/test/test-session";
import { transition } from "@/lib/connections/transition";
import { stopListening, simulateConnectionLoss } from "@/lib/live/listener";
import type { Progress } from "@/lib/connections/progress";
import { GET } from "./route";

vi.mock("@/lib/auth/session", async () => (await import("@/test/test-session")).sessionModule);

const ROLE_A = "arn:aws:iam::222222222222:role/rolelink-a";
const ROLE_B = "arn:aws:iam::333333333333:role/rolelink-b";

async function customerWith(accountId: string) {
  const user = await db.user.create({ data: { email: `u-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  const connection = await db.connection.create({
    data: { ownerId: user.id, accountId, region: "us-east-1", externalId: `ext-${crypto.randomUUID()}` },
  });
  return { user: { id: user.id, email: user.email, role: "customer" as const }, connection };
}

/** Opens the stream and collects its `progress` events as they arrive. */
async function follow(connectionId: string) {
  const abort = new AbortController();
  const response = await GET(new Request(`http://localhost/api/connections/${connectionId}/events`, { signal: abort.signal }), {
    params: Promise.resolve({ id: connectionId }),
  });
  const received: Progress[] = [];
  if (response.ok) {
    void (async () => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split("\n").find((line) => line.startsWith("data: "));
          if (block.includes("event: progress") && data) received.push(JSON.parse(data.slice(6)) as Progress);
        }
      }
    })();
  }
  return { response, received, close: () => abort.abort() };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("GET /api/connections/:id/events", () => {
  beforeEach(async () => {
    await resetDb();
  });
  afterAll(async () => {
    await stopListening();
  });

  it("pushes each state of the caller's connection in order, and nothing of another user's", async () => {
    const alice = await customerWith("222222222222");
    const bob = await customerWith("333333333333");
    testSession.user = alice.user;
    const stream = await follow(alice.connection.id);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await until(() => stream.received.length === 1, "the first state");
    expect(stream.received[0]).toMatchObject({ status: "pending", current: 1 });

    // Bob's link moves in between (to states Alice's never takes), then Alice's moves twice in quick succession.
    await transition({
      connectionId: bob.connection.id,
      to: "verifying",
      data: { roleArn: ROLE_B },
      event: { kind: "link.confirmed", actor: "system" },
    });
    await transition({
      connectionId: bob.connection.id,
      to: "failed",
      data: { lastError: "bob's failure" },
      event: { kind: "connection.failed", actor: "system" },
    });
    await transition({
      connectionId: alice.connection.id,
      to: "verifying",
      data: { roleArn: ROLE_A },
      event: { kind: "link.confirmed", actor: "system" },
    });
    await transition({
      connectionId: alice.connection.id,
      to: "connected",
      data: { connectedAt: new Date() },
      event: { kind: "connection.connected", actor: "system" },
    });
    await until(() => stream.received.at(-1)?.status === "connected", "connected");
    stream.close();

    // "verifying" is pushed even though the row was already connected when it was read.
    expect(stream.received.map((p) => p.status)).toEqual(["pending", "verifying", "connected"]);
    expect(stream.received[1]).toMatchObject({ current: 3, roleArn: ROLE_A });
    expect(JSON.stringify(stream.received)).not.toMatch(/bob's failure|rolelink-b|"status":"failed"/);
  });

  it("re-reads the row after the listening connection was lost", async () => {
    const alice = await customerWith("222222222222");
    testSession.user = alice.user;
    const stream = await follow(alice.connection.id);
    await until(() => stream.received.length === 1, "the first state");
    simulateConnectionLoss();
    // Committed while nobody listened: only the re-read after reconnecting can show it.
    await transition({ connectionId: alice.connection.id, to: "disconnected", event: { kind: "link.abandoned", actor: "customer" } });
    await until(() => stream.received.at(-1)?.status === "disconnected", "disconnected after reconnecting");
    stream.close();
  });

  it("opens only for the owner or an admin: 404 for another customer and for signed-out callers", async () => {
    const alice = await customerWith("222222222222");
    const bob = await customerWith("333333333333");
    for (const user of [bob.user, null]) {
      testSession.user = user;
      const stream = await follow(alice.connection.id);
      expect(stream.response.status).toBe(404);
      expect(await stream.response.text()).not.toContain("pending");
    }
    testSession.user = { id: "00000000-0000-4000-8000-000000000001", email: "ops@rolelink.test", role: "admin" };
    const asAdmin = await follow(alice.connection.id);
    expect(asAdmin.response.status).toBe(200);
    await until(() => asAdmin.received.length === 1, "the admin's first state");
    asAdmin.close();
    testSession.user = bob.user;
    expect((await follow("not-a-uuid")).response.status).toBe(404);
  });
});
