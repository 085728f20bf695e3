/** One throwaway embedded PostgreSQL 17 for the whole bench run, migrated, deleted afterwards. */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedDb } from "@/scripts/embedded-db";
import { migrateDeploy } from "@/scripts/migrate";
import { db } from "@/lib/db";

export interface BenchDb {
  url: string;
  dir: string;
  stop: () => Promise<void>;
}

export async function startBenchDb(): Promise<BenchDb> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rolelink-bench-"));
  chmodSync(dir, 0o755); // the server runs as user postgres
  const pg = await startEmbeddedDb({ dataDir: path.join(dir, "postgres"), port: await freePort(), persistent: false });
  await migrateDeploy(pg.url);
  // lib/db reads DATABASE_URL on first use: every in-process query goes here.
  process.env.DATABASE_URL = pg.url;
  // Diagnosis only ("is it the commit fsync?"): BENCH_SYNCHRONOUS_COMMIT=off. Results record the setting.
  const synchronousCommit = process.env.BENCH_SYNCHRONOUS_COMMIT;
  if (synchronousCommit === "off" || synchronousCommit === "on") {
    await db.$executeRawUnsafe(`ALTER SYSTEM SET synchronous_commit = ${synchronousCommit}`);
    await db.$executeRawUnsafe("SELECT pg_reload_conf()");
  }
  return {
    url: pg.url,
    dir,
    async stop() {
      await db.$disconnect().catch(() => {});
      await pg.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Empties the application tables and pg-boss's job tables between benchmarks. */
export async function resetBenchDb(): Promise<void> {
  await db.$executeRawUnsafe(
    `TRUNCATE users, rate_limits, connections, sns_messages, sns_subscriptions, cfn_requests, events, verify_runs RESTART IDENTITY CASCADE`,
  );
  const [boss] = await db.$queryRawUnsafe<Array<{ present: boolean }>>(`SELECT to_regclass('pgboss.job') IS NOT NULL AS present`);
  if (boss?.present) await db.$executeRawUnsafe(`TRUNCATE pgboss.job`);
  await db.$executeRawUnsafe("VACUUM ANALYZE");
}
