/**
 * The one database pool of the process, and the Prisma client over it (pg
 * driver adapter, JS engine). The pool is ours rather than the adapter's so the
 * one statement on SNS's hot path can skip Prisma's query compiler (sql()).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; pgPool?: pg.Pool };

/** Connections per process, shared by Prisma and sql(). */
const POOL_SIZE = 10;

function pool(): pg.Pool {
  if (globalForPrisma.pgPool) return globalForPrisma.pgPool;
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const created = new pg.Pool({ connectionString, max: POOL_SIZE });
  // An idle connection the server drops (restart, failover) must not crash the process; the next query reconnects.
  created.on("error", (error) => log.warn("an idle database connection failed", { error }));
  globalForPrisma.pgPool = created;
  return created;
}

function client(): PrismaClient {
  if (globalForPrisma.prisma) return globalForPrisma.prisma;
  // Kept on globalThis so hot reloads in development reuse one pool.
  globalForPrisma.prisma = new PrismaClient({ adapter: new PrismaPg(pool()) });
  return globalForPrisma.prisma;
}

/** $disconnect ends the pool too (Prisma leaves a pool it did not create open), and the next use starts afresh. */
async function disconnect(instance: PrismaClient): Promise<void> {
  const ended = globalForPrisma.pgPool;
  globalForPrisma.prisma = undefined;
  globalForPrisma.pgPool = undefined;
  try {
    await instance.$disconnect();
  } finally {
    await ended?.end();
  }
}

/**
 * Created on first use, not at import: `next build` imports server modules
 * without a database, and must not need one.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const instance = client();
    if (property === "$disconnect") return () => disconnect(instance);
    const value: unknown = Reflect.get(instance, property, instance);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(instance) : value;
  },
});

/**
 * A statement straight through `pg`, on the pool Prisma uses. Only for a hot
 * path where Prisma's per-query cost shows (accept-request.ts): everything
 * else goes through `db`. A `name` makes it a prepared statement, parsed and
 * planned once per connection.
 */
export async function sql<Row extends pg.QueryResultRow>(query: { name?: string; text: string; values: unknown[] }): Promise<Row[]> {
  return (await pool().query<Row>(query)).rows;
}
