/**
 * The production server: `next build` when there is no build (or
 * BENCH_BUILD=1), then `next start` on a free loopback port with the given
 * environment, as scripts/e2e.ts does.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { freePort } from "@/scripts/embedded-db";
import { sleep } from "./budget";
import { track } from "./children";

const require = createRequire(import.meta.url);
export const root = path.resolve(import.meta.dirname, "../..");
const nextBin = require.resolve("next/dist/bin/next");
const BUILD_ID = path.join(root, ".next", "BUILD_ID");

export interface BuildInfo {
  built: boolean;
  buildId: string;
  builtAt: string;
  buildMs?: number;
}

/** Builds when needed; returns which build the benchmarks run against. */
export async function ensureBuild(): Promise<BuildInfo> {
  let buildMs: number | undefined;
  const built = process.env.BENCH_BUILD === "1" || !existsSync(BUILD_ID);
  if (built) {
    console.log("bench: next build (BENCH_BUILD=1 or no .next build found)…");
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [nextBin, "build"], {
        cwd: root,
        env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
        stdio: ["ignore", "inherit", "inherit"],
      });
      const timer = setTimeout(() => child.kill("SIGTERM"), 15 * 60_000);
      child.once("error", reject);
      child.once("exit", (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`next build exited with ${code}`));
      });
    });
    buildMs = Date.now() - started;
  }
  const { readFileSync } = await import("node:fs");
  return { built, buildId: readFileSync(BUILD_ID, "utf8").trim(), builtAt: statSync(BUILD_ID).mtime.toISOString(), buildMs };
}

export interface NextServer {
  url: string;
  port: number;
  process: ChildProcess;
  stderrTail(): string;
  stop: () => Promise<void>;
}

/** The settings every production start needs, besides the ones a benchmark chooses. */
export function baseAppEnv(): Record<string, string> {
  return {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    ADMIN_EMAIL: "admin@bench.test",
    ADMIN_PASSWORD: randomBytes(12).toString("base64url"),
    LOG_LEVEL: "warn",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    // A production server refuses to start without a mail server. These benchmarks send no mail: a loopback
    // port nothing listens on (the discard port) satisfies the check and would fail loudly if one ever did.
    // Benchmarks that need mail (onboarding, organization) take the local stack's catcher instead.
    SMTP_URL: "smtp://127.0.0.1:9",
    MAIL_FROM: "rolelink bench <bench@localhost>",
  };
}

export async function startNextServer(
  env: Record<string, string>,
  options: { port?: number; timeoutMs?: number } = {},
): Promise<NextServer> {
  const { timeoutMs = 60_000 } = options;
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  // Only what we pass: the shell's DATABASE_URL or AWS settings must not leak in.
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    ...env,
    APP_URL: env.APP_URL ?? url,
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? url,
  };
  // For profiling the server under load, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    // NODE_ENV is in there (baseAppEnv); ProcessEnv's type just cannot see it.
    env: childEnv as NodeJS.ProcessEnv,
    stdio: ["ignore", "ignore", "pipe"],
  });
  track(child);
  const tail: string[] = [];
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    tail.push(chunk);
    if (tail.length > 40) tail.shift();
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      // Graceful shutdown drains jobs for up to 30 s: a benchmark does not wait that long.
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}: ${tail.join("").slice(-2000)}`);
    try {
      if ((await fetch(new URL("/api/health", url))).ok) {
        return { url, port, process: child, stderrTail: () => tail.join("").slice(-2000), stop };
      }
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await stop();
  throw new Error(`the app did not become healthy at ${url} within ${timeoutMs} ms: ${tail.join("").slice(-2000)}`);
}
