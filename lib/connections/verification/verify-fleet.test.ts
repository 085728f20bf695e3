import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { runFleetVerification } from "./verify-fleet";
import type { AccessProof } from "@/lib/aws/assume-role";

async function seed(statuses: Array<"connected" | "broken" | "pending" | "disconnected">) {
  const owner = await db.user.create({ data: { email: "fleet@example.test", passwordHash: "x" } });
  await db.connection.createMany({
    data: statuses.map((status, i) => ({
      ownerId: owner.id,
      accountId: String(200000000000 + i),
      region: "us-east-1",
      externalId: `ext-${i}`,
      status,
      roleArn: status === "pending" ? null : `arn:aws:iam::${200000000000 + i}:role/r`,
    })),
  });
}

const EXPIRES = new Date(Date.now() + 900_000);

describe("fleet verification", () => {
  beforeEach(resetDb);

  it("verifies every connected and broken account with at most N at once, backing off and retrying throttled calls", async () => {
    await seed([...Array(30).fill("connected"), ...Array(5).fill("broken"), "pending", "disconnected"]);
    let inFlight = 0;
    let maxInFlight = 0;
    const throttledOnce = new Set<string>();
    const sleeps: number[] = [];
    const progress: number[] = [];
    const result = await runFleetVerification({
      trigger: "schedule",
      actor: { kind: "system" },
      reason: "schedule",
      concurrency: 4,
      // Outcomes are written per batch: small batches make progress visible in a fleet this small.
      batchSize: 5,
      baseDelayMs: 10,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      prove: async ({ roleArn: id }): Promise<AccessProof> => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        const run = await db.verifyRun.findFirstOrThrow({ select: { done: true } });
        progress.push(run.done);
        inFlight--;
        // The first three accounts tried are throttled once each.
        if (throttledOnce.size < 3 && !throttledOnce.has(id)) {
          throttledOnce.add(id);
          return { ok: false, code: "throttled", message: "slow down" };
        }
        return { ok: true, assumedRoleArn: "arn:x", accountId: "x", expiresAt: EXPIRES };
      },
    });
    expect(result).toMatchObject({ total: 35, succeeded: 35, failed: 0 });
    expect(maxInFlight).toBe(4);
    expect(throttledOnce.size).toBe(3);
    expect(sleeps.length).toBeGreaterThan(0);
    // Progress was visible while it ran (n of N moved between 0 and N).
    expect(progress.some((n) => n > 0 && n < 35)).toBe(true);
    const run = await db.verifyRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ trigger: "schedule", total: 35, done: 35, succeeded: 35, failed: 0 });
    expect(run.finishedAt).not.toBeNull();
  });

  it("marks accounts whose role stopped working broken, with the reason, through the real verification path", async () => {
    await seed(["connected", "connected", "connected"]);
    const refused = new Set(
      (await db.connection.findMany({ take: 2, orderBy: { accountId: "asc" }, select: { roleArn: true } })).map((c) => c.roleArn),
    );
    const result = await runFleetVerification({
      trigger: "schedule",
      actor: { kind: "system" },
      reason: "schedule",
      concurrency: 16,
      prove: async (input) =>
        refused.has(input.roleArn)
          ? { ok: false, code: "access_denied", message: "AccessDenied" }
          : { ok: true, assumedRoleArn: "arn:aws:sts::x:assumed-role/r/s", accountId: input.expectedAccountId, expiresAt: EXPIRES },
    });
    expect(result).toMatchObject({ total: 3, succeeded: 1, failed: 2 });
    const broken = await db.connection.findMany({ where: { status: "broken" }, select: { lastError: true } });
    expect(broken).toHaveLength(2);
    expect(broken[0]!.lastError).toMatch(/AccessDenied/);
    expect(await db.event.count({ where: { kind: "connection.broken", actor: "system" } })).toBe(2);
    expect(await db.event.count({ where: { kind: { in: ["verify.succeeded", "verify.failed"] } } })).toBe(3);
  });
});
