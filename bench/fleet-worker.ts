/**
 * A fleet worker process for benchmark 3 (and nothing else): pg-boss on the
 * bench's database with only the fleet chunk workers registered, as a second
 * `npm run worker` would take part in a run. Answers "cpu" with its own CPU time.
 */
import { getBoss } from "@/lib/jobs/boss";
import { registerFleetChunkWorkers } from "@/lib/connections/verification/fleet-jobs";
import { announce } from "./support/children";

const concurrency = Number(process.env.BENCH_FLEET_CHUNK_CONCURRENCY ?? "32");
const boss = await getBoss();
await registerFleetChunkWorkers(boss, { concurrency });
process.on("message", (message: unknown) => {
  if (message === "cpu") process.send?.({ cpu: process.cpuUsage(), memory: process.memoryUsage() });
});
announce(0);
