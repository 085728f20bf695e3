/** The child side of support/isolated.ts: runs the named benchmark and sends its result (or its error) to the parent. */
import { BENCHES } from "./benches";

const bench = BENCHES.find((b) => b.name === process.argv[2]);
if (!bench) {
  console.error(`run-one: unknown benchmark ${process.argv[2]}`);
  process.exit(1);
}
const controller = new AbortController();
// The parent's budget ran out: abort, so the benchmark's own `finally` stops its servers; the parent kills after a grace.
process.once("SIGTERM", () => controller.abort());

const send = (message: unknown) => new Promise<void>((resolve) => process.send?.(message, () => resolve()) ?? resolve());
bench
  .run(controller.signal)
  .then((result) => send({ result }))
  .catch((error: unknown) => send({ error: error instanceof Error ? error.message : String(error) }))
  .finally(() => process.exit(0));
