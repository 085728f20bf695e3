import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { ensureFirstAdmin } from "./bootstrap-admin";
import { changePassword } from "./change-password";
import { hashPassword, verifyPassword } from "./password";
import { createSession, endAllSessions, endOwnSession, endSession, listActiveSessions, lookupSession } from "./sessions";

const PASSWORD = "correct horse battery";
const HOUR = 60 * 60 * 1000;
const t0 = new Date("2026-12-02T08:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

async function user(email: string, role: "customer" | "admin" = "customer") {
  return db.user.create({ data: { email, role, passwordHash: await hashPassword(PASSWORD) }, select: { id: true } });
}

describe("server-side sessions", () => {
  beforeEach(resetDb);
  afterAll(() => db.$disconnect());

  it("a session is usable until it is ended; then the same cookie is refused", async () => {
    const { id } = await user("ada@example.test");
    const sid = await createSession(id, "Firefox", t0);
    expect(await lookupSession(sid, at(1000))).toMatchObject({
      kind: "active",
      session: { user: { id, email: "ada@example.test", role: "customer" } },
    });
    await endSession(sid, "sign-out", at(2000));
    expect(await lookupSession(sid, at(3000))).toEqual({ kind: "ended", reason: "sign-out" });
  });

  it("ends 12 hours after sign-in however active the user is", async () => {
    const { id } = await user("ada@example.test");
    const sid = await createSession(id, null, t0);
    for (let h = 1; h < 12; h++) expect((await lookupSession(sid, at(h * HOUR))).kind).toBe("active");
    expect(await lookupSession(sid, at(12 * HOUR))).toEqual({ kind: "ended", reason: "expired" });
  });

  it("ends an admin's session after 30 idle minutes, not a customer's", async () => {
    const admin = await user("root@example.test", "admin");
    const customer = await user("ada@example.test");
    const adminSid = await createSession(admin.id, null, t0);
    const customerSid = await createSession(customer.id, null, t0);
    // Activity at 20 minutes keeps the admin in at 45.
    expect((await lookupSession(adminSid, at(20 * 60_000))).kind).toBe("active");
    expect((await lookupSession(adminSid, at(45 * 60_000))).kind).toBe("active");
    expect(await lookupSession(adminSid, at(76 * 60_000))).toEqual({ kind: "ended", reason: "idle" });
    // Ended for good, even if asked about at an earlier time.
    expect((await lookupSession(adminSid, at(46 * 60_000))).kind).toBe("ended");
    expect((await lookupSession(customerSid, at(5 * HOUR))).kind).toBe("active");
  });

  it("re-reads the role on every lookup: a demoted admin is a customer at once", async () => {
    const admin = await user("root@example.test", "admin");
    const sid = await createSession(admin.id, null, t0);
    await db.user.update({ where: { id: admin.id }, data: { role: "customer" } });
    expect(await lookupSession(sid, at(1000))).toMatchObject({ kind: "active", session: { user: { role: "customer" } } });
  });

  it("a deleted user's cookie is refused", async () => {
    const { id } = await user("ada@example.test");
    const sid = await createSession(id, null, t0);
    await db.user.delete({ where: { id } });
    expect(await lookupSession(sid, at(1000))).toEqual({ kind: "ended", reason: "unknown" });
  });

  it("refuses ids that are not sessions", async () => {
    for (const bad of [undefined, 42, "", "not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      expect((await lookupSession(bad, t0)).kind).toBe("ended");
    }
  });

  it("a user can end only their own sessions, and sign out everywhere", async () => {
    const ada = await user("ada@example.test");
    const bob = await user("bob@example.test");
    const adaA = await createSession(ada.id, "A", t0);
    const adaB = await createSession(ada.id, "B", at(1000));
    const bobA = await createSession(bob.id, "A", t0);
    expect(await endOwnSession(ada.id, bobA)).toEqual({ kind: "not-found" });
    expect((await lookupSession(bobA, at(2000))).kind).toBe("active");
    expect(await endOwnSession(ada.id, adaB)).toEqual({ kind: "ended" });
    expect((await lookupSession(adaB, at(2000))).kind).toBe("ended");
    expect((await listActiveSessions(ada.id, adaA, at(2000))).map((s) => [s.userAgent, s.current])).toEqual([["A", true]]);
    expect(await endAllSessions(ada.id, "sign-out-everywhere")).toBe(1);
    expect((await lookupSession(adaA, at(3000))).kind).toBe("ended");
    expect((await lookupSession(bobA, at(3000))).kind).toBe("active");
  });

  it("changing the password ends every other session and keeps this one", async () => {
    const ada = await user("ada@example.test");
    const here = await createSession(ada.id);
    const elsewhere = await createSession(ada.id);
    expect(await changePassword(ada.id, here, { currentPassword: "wrong password", newPassword: "a new long passphrase" })).toEqual({
      kind: "wrong-password",
    });
    expect((await lookupSession(elsewhere)).kind).toBe("active");
    expect(await changePassword(ada.id, here, { currentPassword: PASSWORD, newPassword: "short" })).toMatchObject({ kind: "invalid" });
    expect(await changePassword(ada.id, here, { currentPassword: PASSWORD, newPassword: "a new long passphrase" })).toEqual({
      kind: "changed",
      endedSessions: 1,
    });
    expect(await lookupSession(elsewhere)).toEqual({ kind: "ended", reason: "password-change" });
    expect((await lookupSession(here)).kind).toBe("active");
    const row = await db.user.findUniqueOrThrow({ where: { id: ada.id } });
    expect(await verifyPassword(row.passwordHash, "a new long passphrase")).toBe(true);
  });

  it("promoting a customer to first admin ends their sessions (role change)", async () => {
    const ada = await user("ada@example.test");
    const sid = await createSession(ada.id);
    await ensureFirstAdmin({ NODE_ENV: "test", ADMIN_EMAIL: "ada@example.test", ADMIN_PASSWORD: "admin password 123" });
    expect(await lookupSession(sid)).toEqual({ kind: "ended", reason: "role-change" });
  });
});
