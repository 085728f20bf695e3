/** What a server process does once at start-up, before it serves anything. */
import { EnvError, getEnv } from "@/lib/env";
import { ensureFirstAdmin } from "@/lib/auth/bootstrap-admin";
import { log } from "@/lib/log";
import { installShutdownHandlers } from "./shutdown";

export async function startServer(): Promise<void> {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      // One clear message, then stop: a half-configured server must not serve.
      console.error(`rolelink cannot start. ${error.message}\nSee .env.example for every setting and its default.`);
      process.exit(1);
    }
    throw error;
  }

  if (env.AWS_SANDBOX_URL) {
    log.warn("SANDBOX MODE: trusting the local AWS sandbox; nothing here talks to real AWS", {
      sandbox: env.AWS_SANDBOX_URL,
    });
  }

  const admin = await ensureFirstAdmin(env);
  if (admin.created && admin.generatedPassword) {
    // Printed once, only in development, only when the admin is first created.
    console.log(`\n  First admin created: ${admin.email}\n  Password (shown once, not stored in clear): ${admin.generatedPassword}\n`);
  } else if (admin.created) {
    log.info("first admin created", { email: admin.email });
  }

  // Before the worker starts, so a signal at any point drains what was taken.
  installShutdownHandlers();

  if (env.RUN_WORKER) {
    const { startWorker } = await import("@/lib/server/worker");
    await startWorker();
  }
}
