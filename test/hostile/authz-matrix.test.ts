/**
 * Authorization matrix, data layer and actions: every lib/data read, route
 * handler and server action, as anonymous, customer A, customer B and admin.
 * The session is mocked (lib/admin/test-session); everything below it is real.
 * Pages are covered in the browser by e2e/authz.spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { testSession } from "@/test/test-session";
import type { SessionUser } from "@/lib/auth/session";

vi.mock("@/lib/auth/session", async () => (await import("@/test/test-session")).sessionModule);
// revalidatePath needs Next's request store; what matters here is who may act, not the cache.
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
// The per-network limits read the client address from the request headers.
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.10" }) }));

type Role = "anonymous" | "customerA" | "customerB" | "admin";
const ROLES: Role[] = ["anonymous", "customerA", "customerB", "admin"];
const users = {} as Record<Exclude<Role, "anonymous">, SessionUser>;
const conn = {} as Record<"A" | "B", { id: string; accountId: string; externalId: string }>;

function as(role: Role) {
  testSession.user = role === "anonymous" ? null : users[role];
}

/** "allow" with the value, or "deny" when the call refused (threw or redirected to sign in). */
async function attempt<T>(fn: () => Promise<T>): Promise<{ outcome: "allow"; value: T } | { outcome: "deny"; error: string }> {
  try {
    return { outcome: "allow", value: await fn() };
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) throw error; // a redirect is an answer, not a refusal: callers handle it
    return { outcome: "deny", error: (error as Error).message };
  }
}

/** Server actions redirect on success by throwing NEXT_REDIRECT: return where to. */
async function redirectOf(fn: () => Promise<unknown>): Promise<string | { returned: unknown }> {
  try {
    return { returned: await fn() };
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return digest.split(";")[2] ?? "";
  }
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

beforeAll(async () => {
  process.env.SNS_PUBLISH_ACCESS = "open"; // no AWS call when a customer starts a link
  await resetDb();
  for (const role of ["customerA", "customerB", "admin"] as const) {
    const row = await db.user.create({
      data: {
        email: `${role}-${crypto.randomUUID().slice(0, 8)}@example.test`,
        passwordHash: "x",
        emailVerifiedAt: new Date(),
        role: role === "admin" ? "admin" : "customer",
      },
    });
    users[role] = { id: row.id, email: row.email, role: row.role };
  }
  for (const [key, role, accountId] of [
    ["A", "customerA", "111122223333"],
    ["B", "customerB", "444455556666"],
  ] as const) {
    const row = await db.connection.create({
      data: { ownerId: users[role].id, accountId, region: "us-east-1", externalId: `rl-authz-${key}-${crypto.randomUUID()}` },
    });
    conn[key] = { id: row.id, accountId, externalId: row.externalId };
    await db.event.create({
      data: {
        connectionId: row.id,
        kind: "verify.failed",
        actor: "system",
        detail: { by: "system", reason: "onboarding", outcome: "failed", code: "access_denied", message: "m" },
      },
    });
  }
});

afterAll(async () => {
  testSession.user = null;
  const { stopBoss } = await import("@/lib/jobs/boss");
  await stopBoss({ graceful: false, timeoutMs: 1000 });
});

describe("customer reads (lib/data/my-connections)", () => {
  it("anonymous is refused; each customer sees exactly their own connections; the admin has none of theirs", async () => {
    const { listMyConnections, getMyConnection, getMyConnectionProgress } = await import("@/lib/data/my-connections");
    const seen: Record<string, unknown> = {};
    for (const role of ROLES) {
      as(role);
      const list = await attempt(listMyConnections);
      const a = await attempt(() => getMyConnection(conn.A.id));
      const progressA = await attempt(() => getMyConnectionProgress(conn.A.id));
      seen[role] = {
        list: list.outcome === "allow" ? list.value.map((c) => c.accountId) : "deny",
        getA: a.outcome === "allow" ? (a.value ? "found" : "null") : "deny",
        progressA: progressA.outcome === "allow" ? (progressA.value ? "found" : "null") : "deny",
      };
      // Nothing of the other customer leaks into anything a customer is shown.
      if (role === "customerA" || role === "customerB") {
        const other = role === "customerA" ? conn.B : conn.A;
        const text = JSON.stringify([list, a, progressA]);
        expect(text).not.toContain(other.accountId);
        expect(text).not.toContain(other.externalId);
      }
    }
    expect(seen).toEqual({
      anonymous: { list: "deny", getA: "deny", progressA: "null" },
      customerA: { list: [conn.A.accountId], getA: "found", progressA: "found" },
      customerB: { list: [conn.B.accountId], getA: "null", progressA: "null" },
      admin: { list: [], getA: "null", progressA: "null" },
    });
  });
});

describe("admin reads (lib/data/admin-*)", () => {
  it("only the admin gets any of them; customers and anonymous are refused with nothing returned", async () => {
    const { listAdminConnections, countConnectionsByStatus } = await import("@/lib/data/admin-connections");
    const { getAdminConnection } = await import("@/lib/data/admin-connection");
    const { getLatestVerifyRun } = await import("@/lib/data/admin-verify-runs");
    const { listAdminNotices } = await import("@/lib/data/admin-notices");
    const { listAuditEntries, exportAuditEntries } = await import("@/lib/data/admin-audit");
    const { listRefusedMessages, listUnansweredRequests } = await import("@/lib/data/admin-refused");
    const { parseListParams } = await import("@/lib/admin/list-params");
    const reads = {
      listAdminConnections: () => listAdminConnections(parseListParams({})),
      countConnectionsByStatus,
      getAdminConnection: () => getAdminConnection(conn.A.id),
      getLatestVerifyRun,
      listAdminNotices,
      listAuditEntries: () => listAuditEntries({}),
      exportAuditEntries: () => exportAuditEntries({}),
      listRefusedMessages: () => listRefusedMessages(),
      listUnansweredRequests,
    };
    for (const role of ROLES) {
      as(role);
      for (const [name, read] of Object.entries(reads)) {
        const result = await attempt(read as () => Promise<unknown>);
        expect(`${role} ${name} ${result.outcome}`).toBe(`${role} ${name} ${role === "admin" ? "allow" : "deny"}`);
        if (result.outcome === "deny") expect(result.error).toBe("You are not allowed to do that.");
      }
    }
    as("admin");
    const page = await listAdminConnections(parseListParams({}));
    expect(page.rows.map((r) => r.accountId).sort()).toEqual([conn.A.accountId, conn.B.accountId].sort());
  });
});

describe("route handlers", () => {
  it("progress: only the owner; audit export: only the admin; health and template: public", async () => {
    const progress = (await import("@/app/api/connections/[id]/progress/route")).GET;
    const exportCsv = (await import("@/app/admin/audit/export/route")).GET;
    const health = (await import("@/app/api/health/route")).GET;
    const template = (await import("@/app/api/template/route")).GET;
    const statuses: Record<string, number[]> = {};
    for (const role of ROLES) {
      as(role);
      const csv = await exportCsv(new Request("http://localhost/admin/audit/export"));
      const csvText = await csv.text();
      if (role !== "admin") expect(csvText).not.toContain(conn.A.accountId);
      statuses[role] = [
        (await progress(new Request("http://localhost/"), { params: Promise.resolve({ id: conn.A.id }) })).status,
        (await progress(new Request("http://localhost/"), { params: Promise.resolve({ id: conn.B.id }) })).status,
        csv.status,
        (await health()).status,
        template().status,
      ];
    }
    // [progress of A's, progress of B's, audit CSV, health, template]
    expect(statuses).toEqual({
      anonymous: [404, 404, 403, 200, 200],
      customerA: [200, 404, 403, 200, 200],
      customerB: [404, 200, 403, 200, 200],
      admin: [404, 404, 200, 200, 200],
    });
  });
});

describe("server actions", () => {
  it("customer actions act only on the caller's own connections; anonymous changes nothing", async () => {
    const { connectAccount, startOver, cancelLink } = await import("@/app/(customer)/connect/actions");
    const count = () => db.connection.count();
    const before = await count();

    as("anonymous");
    expect(await connectAccount({ ok: false }, form({ accountId: "999988887777", region: "us-east-1" }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/session has ended/),
    });
    expect(await startOver(conn.A.id)).toMatchObject({ ok: false, message: expect.stringMatching(/session has ended/) });
    expect(await cancelLink(conn.A.id)).toMatchObject({ ok: false, message: expect.stringMatching(/session has ended/) });
    expect(await count()).toBe(before);

    for (const role of ["customerB", "admin"] as const) {
      as(role);
      expect(await startOver(conn.A.id)).toEqual({ ok: false, message: "That connection was not found." });
      expect(await cancelLink(conn.A.id)).toEqual({ ok: false, message: "Only a link still waiting for its stack can be cancelled." });
    }
    expect(await count()).toBe(before);
    expect((await db.connection.findUniqueOrThrow({ where: { id: conn.A.id } })).status).toBe("pending");

    as("customerA");
    const created = await redirectOf(() => connectAccount({ ok: false }, form({ accountId: "9999-8888-7777", region: "us-east-1" })));
    expect(created).toMatch(/^\/connect\/[0-9a-f-]{36}$/);
    const newId = (created as string).split("/").pop()!;
    expect((await db.connection.findUniqueOrThrow({ where: { id: newId } })).ownerId).toBe(users.customerA.id);
    expect(await redirectOf(() => cancelLink(conn.A.id))).toBe("/connect?notice=cancelled");
    expect((await db.connection.findUniqueOrThrow({ where: { id: conn.A.id } })).status).toBe("disconnected");
  });

  it("admin actions refuse everyone but the admin, and a refusal records nothing", async () => {
    const { verifyAccess, verifyAll, signOutCustomerEverywhere } = await import("@/app/admin/actions");
    const events = () => db.event.count();
    const before = await events();
    const activeSessions = () => db.session.count({ where: { revokedAt: null } });
    const sessionsBefore = await activeSessions();
    for (const role of ["anonymous", "customerA", "customerB"] as const) {
      as(role);
      expect(await verifyAccess({ ok: false }, form({ connectionId: conn.B.id }))).toEqual({
        ok: false,
        message: "Only rolelink administrators can verify access.",
      });
      expect(await verifyAll({ ok: false }, form({}))).toEqual({
        ok: false,
        message: "Only rolelink administrators can start a verification run.",
      });
      expect(await signOutCustomerEverywhere({ ok: false }, form({ connectionId: conn.B.id }))).toEqual({
        ok: false,
        message: "Only rolelink administrators can sign a customer out.",
      });
    }
    expect(await events()).toBe(before);
    expect(await activeSessions()).toBe(sessionsBefore);
    as("admin");
    // Past the gate: this pending connection has no role yet, which the admin is told.
    expect(await verifyAccess({ ok: false }, form({ connectionId: conn.B.id }))).toEqual({
      ok: false,
      message: "This connection has no active role to verify.",
    });
    expect((await verifyAll({ ok: false }, form({}))).message).not.toMatch(/Only rolelink administrators/);
  });
});
