/**
 * Prisma CLI configuration (generate / migrate). This file runs only inside the
 * CLI's process, never in the app: the workarounds below patch that process alone.
 *
 * Prisma 6.19.3 offline: the native schema engine cannot be downloaded here, so
 * migrations run on the WebAssembly engine through the pg driver adapter
 * ("engine: js"). That experimental path has four traps, each fixed below.
 */
import { randomUUID } from "node:crypto";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// `generate` needs *a* DATABASE_URL or it falls back to downloading the native
// query engine; it never connects, so a placeholder is enough.
process.env.DATABASE_URL ??= "postgresql://placeholder@localhost:5432/placeholder";
const connectionString = process.env.DATABASE_URL;

// Trap 1 (prisma/orm#27403): the adapter cannot map some catalog types the
// schema engine selects while introspecting. Relabel them as text / text[].
const TEXT = 25;
const TEXT_ARRAY = 1009;
const RELABEL: Record<number, number> = {
  18: TEXT, // "char"
  19: TEXT, // name
  24: TEXT, // regproc
  28: TEXT, // xid
  194: TEXT, // pg_node_tree
  2205: TEXT, // regclass
  1002: TEXT_ARRAY, // "char"[]
  1003: TEXT_ARRAY, // name[]
};
// pg builds every result's field list in Result#addFields, whether the query
// came through a pool or a client, with a callback or a promise: patch it there.
const { default: PgResult } = await import("pg/lib/result.js");
// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the result as `this`
const originalAddFields = PgResult.prototype.addFields;
PgResult.prototype.addFields = function addRelabelledFields(fields) {
  for (const field of fields) field.dataTypeID = RELABEL[field.dataTypeID] ?? field.dataTypeID;
  return originalAddFields.call(this, fields);
};

// Trap 2: the wasm engine arms 10 s / 60 s timers that keep each command alive
// long after it finished. Long timers in this process must not hold it open.
for (const name of ["setTimeout", "setInterval"] as const) {
  const original = globalThis[name] as (...args: unknown[]) => { unref?: () => void };
  (globalThis as Record<string, unknown>)[name] = (...args: unknown[]) => {
    const timer = original(...args);
    if (typeof args[1] === "number" && args[1] >= 5_000) timer.unref?.();
    return timer;
  };
}

function poolFor(url: string) {
  // allowExitOnIdle: see trap 2; idle connections must not keep the CLI alive.
  const pool = new pg.Pool({ connectionString: url, allowExitOnIdle: true });
  // Dropping the shadow database terminates its idle connections: expected, not fatal.
  pool.on("error", () => {});
  return pool;
}

// Trap 3: the adapter builds its shadow database as {...config, database}, which
// a connectionString overrides, so its "shadow" would be the real database.
// Create a uniquely named one ourselves and drop it afterwards.
// (Trap 4, `migrate dev` erroring after applying pending migrations on a fresh
// database, is handled by the scripts: they always run `migrate deploy` first.)
function adapterFactory() {
  const factory = new PrismaPg(poolFor(connectionString));
  return Object.assign(factory, {
    async connectToShadowDb() {
      const admin = await factory.connect();
      const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const url = new URL(connectionString);
      url.pathname = `/${name}`;
      const shadow = await new PrismaPg(poolFor(url.toString())).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.dispose();
      };
      return shadow;
    },
  });
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: () => Promise.resolve(adapterFactory()),
});
