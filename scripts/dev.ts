/**
 * `npm run dev`: zero-config development. Starts what is not configured
 * (embedded PostgreSQL, the local AWS sandbox), applies migrations, then runs
 * `next dev` with the resulting environment. Stops everything on exit.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { isPortBusy } from "./embedded-db";
import { startLocalStack } from "./local-stack";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "..");
if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));

const port = Number(process.env.PORT || 3000);

async function main() {
  if (await isPortBusy(port)) {
    fail(`Port ${port} is already in use. Stop whatever is running there or start with PORT=<another port> npm run dev.`);
  }
  const stack = await startLocalStack({
    dataDir: path.join(root, ".data"),
    dbPort: Number(process.env.EMBEDDED_DB_PORT || 54329),
    sandboxPort: Number(process.env.SANDBOX_PORT || 4590),
    mailSmtpPort: Number(process.env.MAIL_SMTP_PORT || 1025),
    mailWebPort: Number(process.env.MAIL_WEB_PORT || 1080),
    appUrl: `http://localhost:${port}`,
    persistent: true,
    demoOrganization: true,
  });
  console.log("\nrolelink development stack");
  for (const service of stack.services) console.log(`  ${service.name.padEnd(52)} ${service.where}`);
  console.log(`  ${"App".padEnd(52)} http://localhost:${port}\n`);

  const next = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "dev", "-p", String(port)], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...stack.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    next.kill("SIGTERM");
    await stack.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  next.on("exit", (code) => void shutdown(code ?? 0));
}

/** One line, always: the cause and the fix, never a stack trace. */
function fail(message: string): never {
  console.error(`rolelink: ${message.replace(/\s*\n\s*/g, " ").trim()}`);
  process.exit(1);
}

// A child process that cannot even be spawned (EACCES, ENOENT) is an "error" event nobody awaits:
// without this it would surface as Node's stack trace instead of a sentence.
process.on("uncaughtException", (error: NodeJS.ErrnoException) => {
  const hint =
    error.code === "EACCES"
      ? " (permission denied: as root, set ROLELINK_PG_HOME to a folder user postgres can reach, or set DATABASE_URL)"
      : "";
  fail(`could not start: ${error.message}${hint}`);
});

main().catch((error: unknown) => {
  // LocalStackError messages are written for the person running this; others still get one line.
  fail(error instanceof Error ? error.message : `could not start: ${String(error)}`);
});
