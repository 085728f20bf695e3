import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";

describe("database schema (migrations applied to an empty database)", () => {
  beforeEach(resetDb);
  afterAll(() => db.$disconnect());

  it("has every table the app uses", async () => {
    const rows = await db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`;
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(["users", "connections", "sns_messages", "events", "cfn_requests", "verify_runs"]),
    );
  });

  it("refuses a duplicate External ID", async () => {
    const owner = await db.user.create({ data: { email: "a@example.com", passwordHash: "x" } });
    const data = { ownerId: owner.id, accountId: "123456789012", region: "us-east-1", externalId: "same-id" };
    await db.connection.create({ data });
    await expect(db.connection.create({ data: { ...data, accountId: "210987654321" } })).rejects.toMatchObject({
      code: "P2002",
    });
    expect(await db.connection.count()).toBe(1);
  });

  it("refuses a duplicate email", async () => {
    await db.user.create({ data: { email: "a@example.com", passwordHash: "x" } });
    await expect(db.user.create({ data: { email: "a@example.com", passwordHash: "y" } })).rejects.toMatchObject({
      code: "P2002",
    });
  });

  it("dedupes SNS MessageIds at the database", async () => {
    const message = { messageId: "m-1", type: "Notification", topicArn: "arn:aws:sns:us-east-1:111111111111:t" };
    await db.snsMessage.create({ data: message });
    await expect(db.snsMessage.create({ data: message })).rejects.toMatchObject({ code: "P2002" });
  });
});
