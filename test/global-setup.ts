/**
 * Vitest global setup: one throwaway embedded PostgreSQL for the whole run,
 * migrated from the committed migrations, deleted afterwards.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedDb } from "../scripts/embedded-db";
import { migrateDeploy } from "../scripts/migrate";

export default async function setup() {
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
