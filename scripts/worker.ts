/** `npm run worker`: the background worker alone (no web server). */
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { startWorker, stopWorker } from "@/lib/server/worker";

getEnv(); // fail fast on bad configuration
await startWorker();
log.info("worker running; Ctrl+C to stop");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    log.info("worker stopping; letting in-flight jobs finish", { signal });
    await stopWorker();
    process.exit(0);
  });
}
