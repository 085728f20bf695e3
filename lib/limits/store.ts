/**
 * The PostgreSQL connection for rate limits. rate-limiter-flexible's Postgres
 * store counts with one `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, so a
 * burst of parallel attempts cannot all read "under the limit" (its Prisma
 * store takes two statements). It needs a node-postgres pool: a small one of its
 * own, created on first use like lib/db.ts.
 */
import { Pool } from "pg";

const globalForLimits = globalThis as unknown as { rolelinkLimitsPool?: Pool };

export function limitsPool(): Pool {
  if (globalForLimits.rolelinkLimitsPool) return globalForLimits.rolelinkLimitsPool;
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const pool = new Pool({ connectionString, max: 4, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
  // A dropped idle connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  globalForLimits.rolelinkLimitsPool = pool;
  return pool;
}

/** The table is created by a migration (prisma/migrations), never at run time. */
export const LIMITS_TABLE = "rate_limits";
