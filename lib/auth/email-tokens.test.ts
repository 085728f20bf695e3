import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { consumeEmailToken, issueEmailToken, TOKEN_LIFETIME_SECONDS } from "./email-tokens";

let userId: string;

beforeAll(async () => {
  await resetDb();
});

beforeEach(async () => {
  await db.emailToken.deleteMany();
  await db.user.deleteMany();
  userId = (await db.user.create({ data: { email: "tokens@example.test", passwordHash: "x" } })).id;
});

describe("emailed tokens", () => {
  it("are stored only as their SHA-256, never as the token itself", async () => {
    const token = await issueEmailToken(userId, "reset_password");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await db.$queryRaw<Array<Record<string, unknown>>>`SELECT * FROM email_tokens`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("work once, even when the same link is used by many requests at once", async () => {
    const token = await issueEmailToken(userId, "verify_email");
    const results = await Promise.all(Array.from({ length: 10 }, () => consumeEmailToken(token, "verify_email")));
    expect(results.filter((r) => r.kind === "valid")).toEqual([{ kind: "valid", userId }]);
    expect(await consumeEmailToken(token, "verify_email")).toEqual({ kind: "invalid" });
  });

  it("expire: a reset link after 30 minutes, a verification link after 48 hours", async () => {
    const issuedAt = new Date("2026-12-02T10:00:00Z");
    const reset = await issueEmailToken(userId, "reset_password", { now: issuedAt });
    const verify = await issueEmailToken(userId, "verify_email", { now: issuedAt });
    expect(TOKEN_LIFETIME_SECONDS).toEqual({ reset_password: 1800, verify_email: 172_800 });
    const late = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000);
    expect(await consumeEmailToken(reset, "reset_password", { now: late(1800) })).toEqual({ kind: "invalid" });
    expect(await consumeEmailToken(verify, "verify_email", { now: late(172_800) })).toEqual({ kind: "invalid" });
    expect(await consumeEmailToken(reset, "reset_password", { now: late(1799) })).toEqual({ kind: "valid", userId });
  });

  it("are bound to their purpose, and a newer link replaces older ones", async () => {
    const first = await issueEmailToken(userId, "reset_password");
    expect(await consumeEmailToken(first, "verify_email")).toEqual({ kind: "invalid" });
    const second = await issueEmailToken(userId, "reset_password");
    expect(await consumeEmailToken(first, "reset_password")).toEqual({ kind: "invalid" });
    expect(await consumeEmailToken(second, "reset_password")).toEqual({ kind: "valid", userId });
  });

  it.each([undefined, null, 42, "", "short", "x".repeat(43) + "!", { token: "x" }, "a".repeat(10_000)])(
    "refuse %j without an error",
    async (bad) => {
      expect(await consumeEmailToken(bad, "reset_password")).toEqual({ kind: "invalid" });
    },
  );
});
