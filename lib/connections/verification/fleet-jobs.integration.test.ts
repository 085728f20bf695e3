import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDb } from "@/test/db";
import { getBoss, QUEUES, stopBoss } from "@/lib/jobs/boss";
import { queueFleetRun, registerFleetJobs } from "./fleet-jobs";

const ADMIN = { id: "00000000-0000-4000-8000-000000000001", email: "ops@rolelink.test" };

describe("admin jobs on pg-boss", () => {
  beforeAll(async () => {
    await resetDb();
    // Runs queued by earlier test files (which ran no worker) would otherwise be taken first.
    await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = '${QUEUES.verifyFleet}'`).catch(() => undefined);
  });
  afterAll(() => stopBoss({ graceful: false, timeoutMs: 1_000 }));

  it("schedules the fleet run every VERIFY_INTERVAL_HOURS and runs it on demand, once at a time", async () => {
    const boss = await getBoss();
    await registerFleetJobs(boss);
    const schedules = await boss.getSchedules();
    expect(schedules.find((s) => s.name === QUEUES.verifyFleet)).toMatchObject({ cron: "0 */6 * * *", data: { trigger: "schedule" } });

    expect(await queueFleetRun(boss, ADMIN)).toBe(true);
    await expect
      .poll(() => db.verifyRun.findFirst({ where: { finishedAt: { not: null }, trigger: `admin:${ADMIN.id}` } }), {
        timeout: 20_000,
        interval: 250,
      })
      .toMatchObject({ trigger: `admin:${ADMIN.id}`, total: 0, done: 0 });
  });
});
