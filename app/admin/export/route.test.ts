import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { testSession } from "@/test/test-session";
import { GET } from "./route";

vi.mock("@/lib/auth/session", async () => (await import("@/test/test-session")).sessionModule);

const ADMIN = { id: "00000000-0000-4000-8000-000000000001", email: "ops@rolelink.test", role: "admin" as const };

function get(query = ""): Promise<Response> {
  return GET(new Request(`http://localhost/admin/export${query}`));
}

async function lines(query = ""): Promise<string[]> {
  return (await (await get(query)).text()).trimEnd().split("\r\n");
}

describe("GET /admin/export", () => {
  beforeAll(async () => {
    await resetDb();
    const alice = await db.user.create({ data: { email: "alice@example.test", passwordHash: "x" } });
    const bob = await db.user.create({ data: { email: "=bob@example.test", passwordHash: "x" } });
    await db.connection.createMany({
      data: [
        {
          ownerId: alice.id,
          accountId: "222222222222",
          region: "us-east-1",
          externalId: "e1",
          status: "connected",
          roleArn: "arn:aws:iam::222222222222:role/r",
          createdAt: new Date("2026-11-21T10:00:00Z"),
        },
        {
          ownerId: alice.id,
          accountId: "333333333333",
          region: "eu-west-1",
          externalId: "e2",
          status: "broken",
          roleArn: "arn:aws:iam::333333333333:role/r",
          lastError: "@SUM(1,2) AccessDenied",
          createdAt: new Date("2026-11-21T11:00:00Z"),
        },
        {
          ownerId: bob.id,
          accountId: "444444444444",
          region: "us-east-1",
          externalId: "e3",
          status: "pending",
          createdAt: new Date("2026-11-21T12:00:00Z"),
        },
      ],
    });
  });
  beforeEach(() => {
    testSession.user = ADMIN;
  });

  it("refuses customers and anonymous visitors with 403 and no data", async () => {
    for (const user of [{ ...ADMIN, role: "customer" as const }, null]) {
      testSession.user = user;
      const response = await get();
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain("222222222222");
    }
  });

  it("exports every connection in the list's order, safe to open in a spreadsheet", async () => {
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="rolelink-connections-all-\d{4}-\d{2}-\d{2}\.csv"$/);
    const csv = await lines();
    expect(csv[0]).toBe(
      "account_id,region,status,customer_email,role_arn,created_utc,connected_utc,last_verified_utc,last_verify_ok,template_version,reason,connection_id",
    );
    expect(csv.slice(1).map((line) => line.slice(0, 12))).toEqual(["444444444444", "333333333333", "222222222222"]);
    expect(csv[1]).toMatch(/^444444444444,us-east-1,pending,'=bob@example\.test,,2026-11-21T12:00:00\.000Z,,,,,,[0-9a-f-]{36}$/);
    expect(csv[2]).toContain(
      `,broken,alice@example.test,arn:aws:iam::333333333333:role/r,2026-11-21T11:00:00.000Z,,,,,"'@SUM(1,2) AccessDenied",`,
    );
  });

  it("applies the page's filter and sort: status, search, account order", async () => {
    expect(await lines("?status=broken")).toHaveLength(2);
    const found = await lines("?q=alice%40exa&sort=account");
    expect(found.slice(1).map((line) => line.slice(0, 12))).toEqual(["222222222222", "333333333333"]);
    expect((await lines("?q=3333-3333")).slice(1).map((line) => line.slice(0, 12))).toEqual(["333333333333"]);
    // Nonsense parameters fall back to the defaults instead of failing.
    expect(await lines("?status=nope&sort=x&dir=y&size=9")).toHaveLength(4);
  });
});
