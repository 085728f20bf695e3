/**
 * `npm run test:e2e`: Playwright against a production build (`next build` +
 * `next start`) backed by a throwaway embedded PostgreSQL and the local AWS
 * sandbox, all on loopback. Everything is stopped and deleted afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { freePort } from "./embedded-db";
import { startLocalStack } from "./local-stack";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "..");
const nextBin = require.resolve("next/dist/bin/next");

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? command)} exited with ${code}`))));
  });
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not become healthy at ${url}`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "rolelink-e2e-"));
  chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as user postgres
  const appPort = await freePort();
  const appUrl = `http://localhost:${appPort}`;
  const stack = await startLocalStack({
    dataDir,
    dbPort: await freePort(),
    sandboxPort: await freePort(),
    mailSmtpPort: 0,
    mailWebPort: 0,
    appUrl,
    persistent: false,
    env: {}, // self-contained: ignore any DATABASE_URL or AWS settings of the shell
  });
  const admin = { email: "admin@e2e.test", password: randomBytes(12).toString("base64url") };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...stack.env,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  };
  let server: ChildProcess | undefined;
  try {
    if (!process.env.E2E_SKIP_BUILD) await run(process.execPath, [nextBin, "build"], { ...env, NODE_ENV: "production" });
    server = spawn(process.execPath, [nextBin, "start", "-p", String(appPort)], {
      cwd: root,
      env: { ...env, NODE_ENV: "production" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitForHealth(new URL("/api/health", appUrl).toString(), server);
    await run(process.execPath, [require.resolve("@playwright/test/cli"), "test", ...process.argv.slice(2)], {
      ...env,
      E2E_BASE_URL: appUrl,
      E2E_SANDBOX_URL: stack.env.AWS_SANDBOX_URL ?? "",
      // Specs read verification and reset mails from the catcher's inbox.
      E2E_MAIL_URL: stack.mailInboxUrl ?? "",
      E2E_DATABASE_URL: stack.env.DATABASE_URL ?? "",
      E2E_ADMIN_EMAIL: admin.email,
      E2E_ADMIN_PASSWORD: admin.password,
    });
  } finally {
    server?.kill("SIGTERM");
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
