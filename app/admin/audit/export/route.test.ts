import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { testSession } from "@/test/test-session";
import { GET } from "./route";

vi.mock("@/lib/auth/session", async () => (await import("@/test/test-session")).sessionModule);

const ADMIN = { id: "00000000-0000-4000-8000-000000000001", email: "ops@rolelink.test", role: "admin" as const };

function get(query = ""): Promise<Response> {
  return GET(new Request(`http://localhost/admin/audit/export${query}`));
}

describe("GET /admin/audit/export", () => {
  beforeAll(async () => {
    await resetDb();
    const owner = await db.user.create({ data: { email: "c@example.test", passwordHash: "x" } });
    const a = await db.connection.create({
      data: {
        ownerId: owner.id,
        accountId: "222222222222",
        region: "us-east-1",
        externalId: "e1",
        status: "connected",
        roleArn: "arn:aws:iam::222222222222:role/r",
      },
    });
    const b = await db.connection.create({
      data: {
        ownerId: owner.id,
        accountId: "333333333333",
        region: "us-east-1",
        externalId: "e2",
        status: "broken",
        roleArn: "arn:aws:iam::333333333333:role/r",
      },
    });
    await db.event.createMany({
      data: [
        {
          connectionId: a.id,
          kind: "verify.succeeded",
          actor: "system",
          detail: { by: "system", reason: "onboarding", outcome: "ok", assumedRoleArn: "arn:aws:sts::222222222222:assumed-role/r/s" },
          createdAt: new Date("2026-11-21T10:00:00Z"),
        },
        {
          connectionId: b.id,
          kind: "verify.failed",
          actor: `admin:${ADMIN.id}`,
          detail: { by: "ops@rolelink.test", reason: "admin", outcome: "failed", code: "access_denied", message: "=cmd|' /C calc'!A0" },
          createdAt: new Date("2026-11-21T11:00:00Z"),
        },
        { connectionId: a.id, kind: "link.created", actor: "customer:x", detail: {}, createdAt: new Date("2026-11-21T09:00:00Z") },
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

  it("exports every AssumeRole (and nothing else), newest first, safe to open in a spreadsheet", async () => {
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="rolelink-audit-all-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("time_utc,account_id,connection_id,who,why,outcome,code,message,role_arn,assumed_role_arn");
    expect(lines[1]).toMatch(
      /^2026-11-21T11:00:00\.000Z,333333333333,[0-9a-f-]{36},ops@rolelink\.test,admin check,failed,access_denied,'=cmd\|' \/C calc'!A0,,$/,
    );
    expect(lines[2]).toMatch(
      /^2026-11-21T10:00:00\.000Z,222222222222,[0-9a-f-]{36},system,onboarding \(stack created\),succeeded,,,,arn:aws:sts::222222222222:assumed-role\/r\/s$/,
    );
  });

  it("filters by account", async () => {
    const lines = (await (await get("?account=2222-2222-2222")).text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",222222222222,");
  });
});
