/**
 * Embedded PostgreSQL for root in a private folder. PostgreSQL refuses to run
 * as root, so it runs as user `postgres`; a checkout under a mode-700 home
 * (`/root`, the default in many servers and containers) is out of that user's
 * reach, binaries and data alike, and initdb died with `spawn … EACCES`.
 * Here the binaries are copied, and the data kept, in a folder outside the
 * checkout that `postgres` can reach and owns; the server is run directly.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const PG_USER = "postgres";

/** True when a user who is neither owner nor in the group can reach `target` (every folder above it is o+x). */
export function reachableByOthers(target: string): boolean {
  let current = path.resolve(target);
  while (!existsSync(current)) current = path.dirname(current);
  for (let dir = current; ; dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if (statSync(dir).isDirectory() && (mode & 0o001) === 0) return false;
    if (dir === path.dirname(dir)) return true;
  }
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Where root's relocated binaries and data live: one folder per checkout, outside it. */
export function relocationHome(checkout: string, base = process.env.ROLELINK_PG_HOME ?? "/var/lib/rolelink"): string {
  return path.join(base, createHash("sha256").update(path.resolve(checkout)).digest("hex").slice(0, 12));
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, PG_USER], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("sh", ["-c", `getent group ${PG_USER} >/dev/null || groupadd ${PG_USER}; useradd -g ${PG_USER} ${PG_USER}`]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** A reachable copy of the binaries, refreshed when the installed package changes. */
function copyBinaries(nativeDir: string, home: string): string {
  const target = path.join(home, "native");
  const stamp = `${nativeDir}:${statSync(path.join(nativeDir, "bin", "postgres")).mtimeMs}`;
  const stampFile = path.join(home, "native.source");
  if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
    rmSync(target, { recursive: true, force: true });
    cpSync(nativeDir, target, { recursive: true });
    writeFileSync(stampFile, stamp);
  }
  return target;
}

function run(binary: string, args: string[], ids: { uid: number; gid: number }, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...ids, cwd, env: { ...process.env, LC_MESSAGES: "C" } });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${path.basename(binary)} exited with ${code}: ${output.trim().split("\n").at(-1)}`)),
    );
  });
}

export interface RootPostgres {
  dataDir: string;
  stop: () => Promise<void>;
}

/**
 * Initialises (once) and starts PostgreSQL as `postgres` from `home`. Resolves
 * when the server accepts connections; rejects with the server's last line.
 */
export async function startAsRoot(options: {
  nativeDir: string;
  home: string;
  port: number;
  password: string;
  persistent: boolean;
}): Promise<RootPostgres> {
  const ids = postgresIds();
  mkdirSync(options.home, { recursive: true });
  // Reachable by `postgres` from / down to here (the folder itself holds nothing secret: the data folder below is 0700).
  for (let dir = options.home; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) chmodSync(dir, statSync(dir).mode | 0o011);
  }
  const native = copyBinaries(options.nativeDir, options.home);
  const dataDir = path.join(options.home, "data");
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, ids.uid, ids.gid);
    const pwfile = path.join(options.home, `pwfile-${randomBytes(6).toString("hex")}`);
    writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
    chownSync(pwfile, ids.uid, ids.gid);
    try {
      await run(
        path.join(native, "bin", "initdb"),
        [`--pgdata=${dataDir}`, "--auth=password", `--username=${PG_USER}`, `--pwfile=${pwfile}`, "--lc-messages=C"],
        ids,
        options.home,
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  const server: ChildProcess = spawn(path.join(native, "bin", "postgres"), ["-D", dataDir, "-p", String(options.port), "-h", "127.0.0.1"], {
    ...ids,
    cwd: options.home,
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  await new Promise<void>((resolve, reject) => {
    let last = "";
    server.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      last = text.trim().split("\n").at(-1) ?? last;
      if (text.includes("database system is ready to accept connections")) resolve();
    });
    server.once("error", reject);
    server.once("close", (code) => reject(new Error(`postgres exited with ${code}: ${last}`)));
  });
  return {
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once("close", () => {
          if (!options.persistent) rmSync(options.home, { recursive: true, force: true });
          resolve();
        });
        server.kill("SIGINT"); // "fast" shutdown
      }),
  };
}
