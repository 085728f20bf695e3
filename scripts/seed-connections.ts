/**
 * `npm run db:seed:demo [-- --connections 100000 --customers 2000]`: fills
 * DATABASE_URL with demo connections for the admin dashboard (and its
 * 100k-row benchmark). Seeded customers cannot sign in (no password hash).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { db } from "@/lib/db";
import { seedConnections } from "@/scripts/seed/connections";

const { values } = parseArgs({
  options: { connections: { type: "string", default: "1000" }, customers: { type: "string", default: "200" } },
});
const options = z
  .object({ connections: z.coerce.number().int().min(1).max(2_000_000), customers: z.coerce.number().int().min(1).max(100_000) })
  .parse(values);

async function main(): Promise<void> {
  const started = Date.now();
  const result = await seedConnections(db, options);
  console.log(
    `seeded ${result.connections} connections for ${options.customers} customers (${result.users} new) in ${Date.now() - started} ms`,
  );
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
