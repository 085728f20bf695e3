/** The child side of support/isolated.ts: runs the named benchmark and sends its result to the parent. */
import { BENCHES } from "./benches";

// SIGTERM (the parent's budget ran out) exits through the exit handlers, which kill this process's servers.
process.once("SIGTERM", () => process.exit(143));

const bench = BENCHES.find((b) => b.name === process.argv[2]);
if (!bench) {
  console.error(`run-one: unknown benchmark ${process.argv[2]}`);
  process.exit(1);
}
const controller = new AbortController();
bench
  .run(controller.signal)
  .then((result) => process.send?.(result, () => process.exit(0)))
  .catch((error: unknown) => {
    console.error(`run-one: ${bench.name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
