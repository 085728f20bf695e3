import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { createSession, lookupSession } from "./sessions";
import { countActiveSessions, signOutOwnerEverywhere } from "./admin-sign-out";

async function setup() {
  const admin = await db.user.create({ data: { email: "admin@example.test", passwordHash: "x", role: "admin" } });
  const customer = await db.user.create({ data: { email: "cust@example.test", passwordHash: "x" } });
  const bystander = await db.user.create({ data: { email: "other@example.test", passwordHash: "x" } });
  const connection = await db.connection.create({
    data: { ownerId: customer.id, accountId: "123456789012", region: "us-east-1", externalId: crypto.randomUUID() },
  });
  return { admin, customer, bystander, connection };
}

describe("admin: sign a customer out everywhere", () => {
  beforeEach(resetDb);
  afterAll(() => db.$disconnect());

  it("ends every session of the connection's owner, no one else's, and records who did it", async () => {
    const { admin, customer, bystander, connection } = await setup();
    const laptop = await createSession(customer.id);
    const phone = await createSession(customer.id);
    const other = await createSession(bystander.id);
    const adminSession = await createSession(admin.id);
    expect(await countActiveSessions(customer.id)).toBe(2);
    const outcome = await signOutOwnerEverywhere({ admin: { id: admin.id, secondFactorAt: new Date() }, connectionId: connection.id });
    expect(outcome).toEqual({ kind: "signed-out", email: "cust@example.test", endedSessions: 2 });
    expect(await lookupSession(laptop)).toEqual({ kind: "ended", reason: "sign-out-everywhere" });
    expect(await lookupSession(phone)).toEqual({ kind: "ended", reason: "sign-out-everywhere" });
    expect(await lookupSession(other)).toMatchObject({ kind: "active" });
    expect(await lookupSession(adminSession)).toMatchObject({ kind: "active" });
    const events = await db.event.findMany({ where: { kind: "user.signed_out_everywhere" } });
    expect(events).toEqual([
      expect.objectContaining({
        connectionId: connection.id,
        actor: `admin:${admin.id}`,
        detail: { userId: customer.id, endedSessions: 2 },
      }),
    ]);
  });

  it("needs a second factor proven in the last 10 minutes; an unknown connection is not found", async () => {
    const { admin, customer, connection } = await setup();
    const laptop = await createSession(customer.id);
    expect(
      await signOutOwnerEverywhere({
        admin: { id: admin.id, secondFactorAt: new Date(Date.now() - 11 * 60_000) },
        connectionId: connection.id,
      }),
    ).toEqual({ kind: "step-up" });
    expect(await signOutOwnerEverywhere({ admin: { id: admin.id, secondFactorAt: null }, connectionId: connection.id })).toEqual({
      kind: "step-up",
    });
    expect(await lookupSession(laptop)).toMatchObject({ kind: "active" });
    expect(
      await signOutOwnerEverywhere({ admin: { id: admin.id, secondFactorAt: new Date() }, connectionId: crypto.randomUUID() }),
    ).toEqual({ kind: "not-found" });
    expect(await db.event.count({ where: { kind: "user.signed_out_everywhere" } })).toBe(0);
  });
});
