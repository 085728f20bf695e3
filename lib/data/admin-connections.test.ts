import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { seedConnections } from "@/scripts/seed/connections";
import { testSession } from "@/test/test-session";
import { parseListParams, type ListParams } from "@/lib/admin/list-params";
import { decodeCursor } from "@/lib/admin/keyset";
import { countConnectionsByStatus, listAdminConnections } from "./admin-connections";
import { getAdminConnection } from "./admin-connection";
import { exportAuditEntries, listAuditEntries } from "./admin-audit";
import { getLatestVerifyRun } from "./admin-verify-runs";

vi.mock("@/lib/auth/session", async () => (await import("@/test/test-session")).sessionModule);

const ADMIN = { id: "00000000-0000-4000-8000-000000000001", email: "ops@rolelink.test", role: "admin" as const };
const CUSTOMER = { id: "00000000-0000-4000-8000-000000000002", email: "c@example.test", role: "customer" as const };
const DOMAIN = "page.example.test";

async function allPages(raw: Record<string, string>, pageSize = 50) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const params: ListParams = parseListParams({ ...raw, ...(cursor ? { cursor } : {}) });
    const page = await listAdminConnections(params, pageSize);
    ids.push(...page.rows.map((r) => r.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 1000);
  return { ids, pages };
}

describe("admin connection reads", () => {
  beforeAll(async () => {
    await resetDb();
    await seedConnections(db, { connections: 1234, customers: 40, emailDomain: DOMAIN });
  });
  beforeEach(() => {
    testSession.user = ADMIN;
  });

  it("pages newest first through every connection exactly once, ties broken by id", async () => {
    const { ids, pages } = await allPages({});
    const expected = await db.connection.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
    expect(pages).toBe(Math.ceil(1234 / 50));
    expect(new Set(ids).size).toBe(1234);
    expect(ids).toEqual(expected.map((c) => c.id));
  });

  it("filters by organization: members of any organization, one organization's members, or single accounts; each row names its organization", async () => {
    const sample = await db.connection.findMany({ select: { id: true, ownerId: true }, take: 3, orderBy: { id: "asc" } });
    const link = await db.organizationLink.create({
      data: {
        ownerId: sample[0]!.ownerId,
        managementAccountId: "555555555555",
        region: "us-east-1",
        externalId: `rl-org-${crypto.randomUUID()}`,
        targets: ["r-ab12"],
        organizationId: "o-abcdefghij",
      },
    });
    const other = await db.organizationLink.create({
      data: {
        ownerId: sample[0]!.ownerId,
        managementAccountId: "666666666666",
        region: "us-east-1",
        externalId: `rl-org-${crypto.randomUUID()}`,
        targets: ["r-cd34"],
      },
    });
    await db.connection.updateMany({ where: { id: { in: [sample[0]!.id, sample[1]!.id] } }, data: { organizationLinkId: link.id } });
    await db.connection.update({ where: { id: sample[2]!.id }, data: { organizationLinkId: other.id } });
    try {
      expect(new Set((await allPages({ org: "members" })).ids)).toEqual(new Set(sample.map((c) => c.id)));
      const one = await listAdminConnections(parseListParams({ org: link.id }));
      expect(one.rows.map((r) => [r.id, r.organization]).sort()).toEqual(
        [sample[0]!.id, sample[1]!.id].sort().map((id) => [id, "o-abcdefghij"]),
      );
      expect(one.total).toBe(2);
      const single = await allPages({ org: "single" });
      expect(single.ids).toHaveLength(1234 - 3);
      expect(single.ids).not.toContain(sample[0]!.id);
      // Anything else in the URL is ignored rather than an error.
      expect((await listAdminConnections(parseListParams({ org: "not-a-link" }))).total).toBe(1234);
    } finally {
      await db.connection.updateMany({ where: { organizationLinkId: { not: null } }, data: { organizationLinkId: null } });
      await db.organizationLink.deleteMany({});
    }
  });

  it("filters stacks on an older template version (compared as numbers), flags them, and never fails on a malformed version", async () => {
    const sample = await db.connection.findMany({ where: { status: "connected" }, select: { id: true }, take: 5, orderBy: { id: "asc" } });
    const [old, older, current, malformed, none] = sample.map((c) => c.id);
    const { version } = (await import("@/lib/cfn/template")).loadCustomerTemplate();
    await db.connection.updateMany({ where: { id: { notIn: [old!, older!] } }, data: { templateVersion: version } });
    await db.connection.update({ where: { id: old! }, data: { templateVersion: "1.10.0" } });
    await db.connection.update({ where: { id: older! }, data: { templateVersion: "1.9.0" } });
    await db.connection.update({ where: { id: malformed! }, data: { templateVersion: "2.x" } });
    await db.connection.update({ where: { id: none! }, data: { templateVersion: null } });
    try {
      const { ids } = await allPages({ template: "outdated" });
      expect(ids.sort()).toEqual([old!, older!].sort());
      const page = await listAdminConnections(parseListParams({ template: "outdated" }));
      expect(page.total).toBe(2);
      expect(page.rows.every((r) => r.outdated && r.templateVersion?.startsWith("1."))).toBe(true);
      const all = await listAdminConnections(
        parseListParams({ q: (await db.connection.findUniqueOrThrow({ where: { id: current! } })).accountId }),
      );
      expect(all.rows.find((r) => r.id === current)?.outdated).toBe(false);
    } finally {
      await db.connection.updateMany({ data: { templateVersion: null } });
    }
  });

  it("sorts by last verified (never-verified last) and pages a status filter without gaps", async () => {
    const { ids } = await allPages({ sort: "verified", status: "connected" });
    const rows = await db.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM connections WHERE status = 'connected'
      ORDER BY last_verified_at DESC NULLS LAST, id DESC`;
    expect(ids).toEqual(rows.map((r) => r.id));
    const page = await listAdminConnections(parseListParams({ sort: "verified", status: "connected" }));
    expect(page.rows).toHaveLength(50);
    expect(page.rows.every((r) => r.status === "connected")).toBe(true);
    expect(page.rows[0]!.lastVerifiedAt!.getTime()).toBeGreaterThanOrEqual(page.rows[49]!.lastVerifiedAt!.getTime());
  });

  it("finds connections by any part of the account ID, with dashes as the console shows them", async () => {
    const target = await db.connection.findFirstOrThrow({ select: { accountId: true } });
    const middle = target.accountId.slice(3, 8);
    const { ids } = await allPages({ q: `${middle.slice(0, 2)}-${middle.slice(2)}` });
    const expected = await db.connection.count({ where: { accountId: { contains: middle } } });
    expect(ids.length).toBe(expected);
    expect(ids.length).toBeGreaterThan(0);
    const page = await listAdminConnections(parseListParams({ q: target.accountId }));
    expect(page.rows.map((r) => r.accountId)).toContain(target.accountId);
    expect(page.rows.every((r) => r.accountId === target.accountId)).toBe(true);
    expect(page.total).toBe(page.rows.length);
    // One or two digits stay a prefix search (trigrams need three characters).
    const short = await listAdminConnections(parseListParams({ q: target.accountId.slice(0, 2) }));
    expect(short.rows.every((r) => r.accountId.startsWith(target.accountId.slice(0, 2)))).toBe(true);
  });

  it("finds connections by part of the role ARN or of the customer's email", async () => {
    const target = await db.connection.findFirstOrThrow({ where: { roleArn: { not: null } }, select: { id: true, accountId: true } });
    const byArn = await listAdminConnections(parseListParams({ q: `IAM::${target.accountId}:ROLE/rolelink-SEED` }));
    expect(byArn.rows.map((r) => r.id)).toEqual([target.id]);
    const byEmail = await listAdminConnections(parseListParams({ q: `ed-13@page.exa`, size: "100" }));
    const owner = await db.user.findUniqueOrThrow({ where: { email: `seed-13@${DOMAIN}` }, select: { id: true } });
    expect(byEmail.total).toBe(await db.connection.count({ where: { ownerId: owner.id } }));
    expect(byEmail.rows.every((r) => r.email === `seed-13@${DOMAIN}`)).toBe(true);
  });

  it("sorts by account ID either way and pages without gaps", async () => {
    const asc = await allPages({ sort: "account" }, 100);
    const expected = await db.connection.findMany({ orderBy: [{ accountId: "asc" }, { id: "asc" }], select: { id: true } });
    expect(asc.ids).toEqual(expected.map((c) => c.id));
    const desc = await allPages({ sort: "account", dir: "desc", status: "broken" }, 25);
    const broken = await db.connection.findMany({
      where: { status: "broken" },
      orderBy: [{ accountId: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    expect(desc.ids).toEqual(broken.map((c) => c.id));
    const oldest = await listAdminConnections(parseListParams({ dir: "asc" }));
    const first = await db.connection.findFirstOrThrow({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
    expect(oldest.rows[0]!.id).toBe(first.id);
  });

  it("tells where a page sits in the total, for any page size", async () => {
    const p1 = await listAdminConnections(parseListParams({ status: "connected", size: "25" }));
    const connected = await db.connection.count({ where: { status: "connected" } });
    expect(p1).toMatchObject({ total: connected, offset: 0 });
    expect(p1.rows).toHaveLength(25);
    const p2 = await listAdminConnections(parseListParams({ status: "connected", size: "25", cursor: p1.nextCursor! }));
    expect(p2.offset).toBe(25);
    const p3 = await listAdminConnections(parseListParams({ status: "connected", size: "25", cursor: p2.nextCursor! }));
    expect(p3.offset).toBe(50);
    const back = await listAdminConnections(parseListParams({ status: "connected", size: "25", cursor: p3.prevCursor! }));
    expect(back.offset).toBe(25);
    expect(back.rows.map((r) => r.id)).toEqual(p2.rows.map((r) => r.id));
    // A page size nobody offers falls back to the default.
    expect((await listAdminConnections(parseListParams({ size: "100000" }))).rows).toHaveLength(50);
  });

  it("starts over on a cursor made for another sort instead of failing", async () => {
    const byAccount = await listAdminConnections(parseListParams({ sort: "account" }));
    const first = await listAdminConnections(parseListParams({}));
    expect((await listAdminConnections(parseListParams({ cursor: byAccount.nextCursor! }))).rows).toEqual(first.rows);
  });

  it("finds a customer's connections by email, case-insensitively, and treats LIKE wildcards literally", async () => {
    const page = await listAdminConnections(parseListParams({ q: `SEED-7@${DOMAIN}` }));
    const owner = await db.user.findUniqueOrThrow({ where: { email: `seed-7@${DOMAIN}` }, select: { id: true } });
    expect(page.rows.length).toBe(await db.connection.count({ where: { ownerId: owner.id } }));
    expect(page.rows.every((r) => r.email === `seed-7@${DOMAIN}`)).toBe(true);
    expect((await listAdminConnections(parseListParams({ q: "seed_7@" }))).rows).toEqual([]);
    expect((await listAdminConnections(parseListParams({ q: "%" }))).rows).toEqual([]);
  });

  it("ignores a forged or garbled cursor and starts at the first page", async () => {
    const first = await listAdminConnections(parseListParams({}));
    const forged = Buffer.from(JSON.stringify({ k: "2020-01-01T00:00:00Z'; DROP TABLE users;--", id: "x" })).toString("base64url");
    expect(decodeCursor(forged, "connections")).toBeNull();
    expect((await listAdminConnections(parseListParams({ cursor: forged }))).rows).toEqual(first.rows);
    expect((await listAdminConnections(parseListParams({ cursor: "!!!", status: "nope", sort: "x" }))).rows).toEqual(first.rows);
  });

  it("counts connections by status", async () => {
    const counts = await countConnectionsByStatus();
    expect(counts.total).toBe(1234);
    expect(counts.connected).toBe(await db.connection.count({ where: { status: "connected" } }));
    expect(counts.broken + counts.connected + counts.pending + counts.failed + counts.disconnected + counts.verifying).toBe(1234);
  });

  it.each([
    ["a customer", CUSTOMER],
    ["an anonymous visitor", null],
  ])("refuses %s in every admin read", async (_who, user) => {
    testSession.user = user;
    const someId = (await db.connection.findFirstOrThrow({ select: { id: true } })).id;
    const refused = { name: "Error", message: "You are not allowed to do that." };
    await expect(listAdminConnections(parseListParams({}))).rejects.toMatchObject(refused);
    await expect(countConnectionsByStatus()).rejects.toMatchObject(refused);
    await expect(getAdminConnection(someId)).rejects.toMatchObject(refused);
    await expect(listAuditEntries({})).rejects.toMatchObject(refused);
    await expect(exportAuditEntries({})).rejects.toMatchObject(refused);
    await expect(getLatestVerifyRun()).rejects.toMatchObject(refused);
  });

  it("Previous page from page 3 shows page 2, then page 1, with the same rows as going forward", async () => {
    for (const sort of ["newest", "verified"] as const) {
      const p1 = await listAdminConnections(parseListParams({ sort }));
      expect(p1.prevCursor).toBeNull();
      const p2 = await listAdminConnections(parseListParams({ sort, cursor: p1.nextCursor! }));
      const p3 = await listAdminConnections(parseListParams({ sort, cursor: p2.nextCursor! }));
      const back2 = await listAdminConnections(parseListParams({ sort, cursor: p3.prevCursor! }));
      expect(back2.rows.map((r) => r.id)).toEqual(p2.rows.map((r) => r.id));
      expect(back2.nextCursor).toBe(p2.nextCursor);
      const back1 = await listAdminConnections(parseListParams({ sort, cursor: back2.prevCursor! }));
      expect(back1.rows.map((r) => r.id)).toEqual(p1.rows.map((r) => r.id));
      expect(back1.prevCursor).toBeNull();
    }
  });

  it("shows a waiting link's diagnosis as its last error, and only a waiting link's", async () => {
    const [pending, connected] = await Promise.all(
      (["pending", "connected"] as const).map((status) =>
        db.connection.findFirstOrThrow({ where: { status, lastError: null }, orderBy: { createdAt: "desc" } }),
      ),
    );
    await db.connection.updateMany({
      where: { id: { in: [pending!.id, connected!.id] } },
      data: { diagnosis: "The stack's ExternalId was edited." },
    });
    const rows = [
      ...(await listAdminConnections(parseListParams({ q: pending!.accountId }))).rows,
      ...(await listAdminConnections(parseListParams({ q: connected!.accountId }))).rows,
    ];
    expect(rows.find((r) => r.id === pending!.id)?.lastError).toBe("The stack's ExternalId was edited.");
    expect(rows.find((r) => r.id === connected!.id)?.lastError).toBeNull();
  });
});
