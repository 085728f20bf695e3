/** The one Prisma client of the process (pg driver adapter, JS engine). */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function client(): PrismaClient {
  if (globalForPrisma.prisma) return globalForPrisma.prisma;
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  // Kept on globalThis so hot reloads in development reuse one pool.
  globalForPrisma.prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
  return globalForPrisma.prisma;
}

/**
 * Created on first use, not at import: `next build` imports server modules
 * without a database, and must not need one.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const instance = client();
    const value: unknown = Reflect.get(instance, property, instance);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(instance) : value;
  },
});
