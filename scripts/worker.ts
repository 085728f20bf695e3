/** `npm run worker`: the background worker alone (no web server). */
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { startWorker, stopWorker } from "@/lib/server/worker";

getEnv(); // fail fast on bad configuration
await startWorker();
log.info("worker running; Ctrl+C to stop");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log.info("worker stopping; letting in-flight jobs finish", { signal });
    stopWorker().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("worker did not stop cleanly", { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  });
}
