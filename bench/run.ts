/**
 * `npm run bench`: every benchmark against its same-run baseline, on loopback,
 * a production build and one throwaway embedded PostgreSQL. Prints a table and
 * writes bench/results.json. BENCH_QUICK=1 is a ~1-minute smoke run (written
 * to bench/results.quick.json),
 * BENCH_BUILD=1 rebuilds first, BENCH_ONLY=verifier,dashboard runs a subset.
 */
import path from "node:path";
import { BUDGET_SCALE, QUICK, withBudget, pick } from "./support/budget";
import { startBenchDb, resetBenchDb, type BenchDb } from "./support/database";
import { ensureBuild, type BuildInfo } from "./support/next-server";
import { machine, printTable, writeResults, type BenchResult } from "./support/report";
import { BENCHES, runBench } from "./benches";

let database: BenchDb | undefined;

async function main(): Promise<void> {
  const started = Date.now();
  // As scripts/local-stack.ts does: the SDK's Node 22 notice, once per client, says nothing about the figures.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const only = process.env.BENCH_ONLY?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const selected = only?.length ? BENCHES.filter((b) => only.includes(b.name)) : BENCHES;
  const unknown = only?.filter((name) => !BENCHES.some((b) => b.name === name)) ?? [];
  if (unknown.length) throw new Error(`unknown BENCH_ONLY names: ${unknown.join(", ")} (known: ${BENCHES.map((b) => b.name).join(", ")})`);
  console.log(`rolelink bench${QUICK ? " (quick)" : ""}: ${selected.map((b) => b.name).join(", ")}`);

  // The build is not part of any benchmark's time.
  let build: BuildInfo | undefined;
  if (selected.some((b) => b.needsBuild)) build = await ensureBuild();

  const results: BenchResult[] = [];
  try {
    database = await startBenchDb();
    for (const bench of selected) {
      const benchStarted = Date.now();
      console.log(`\n▶ ${bench.name} (budget ${Math.round(bench.budgetMs / 1000)} s)`);
      try {
        await resetBenchDb();
        const result = await withBudget(bench.name, bench.budgetMs, (signal) => runBench(bench, signal));
        results.push(result);
        printTable([result]);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(`✗ ${bench.name}: ${message}`);
        results.push({ name: bench.name, title: bench.name, durationMs: Date.now() - benchStarted, figures: [], error: message });
      }
    }
  } finally {
    await database?.stop();
  }

  console.log(`\nrolelink bench${QUICK ? " (quick)" : ""}: ${Math.round((Date.now() - started) / 1000)} s\n`);
  printTable(results);
  // A smoke run or a subset must not overwrite the recorded full run.
  const file = path.join(import.meta.dirname, QUICK ? "results.quick.json" : only?.length ? "results.only.json" : "results.json");
  writeResults(file, {
    generatedAt: new Date().toISOString(),
    quick: QUICK,
    totalSeconds: Math.round((Date.now() - started) / 1000),
    machine: machine(),
    build,
    settings: {
      fleetConcurrency: Number(process.env.BENCH_FLEET_CONCURRENCY ?? "64"),
      synchronousCommit: process.env.BENCH_SYNCHRONOUS_COMMIT ?? "on (default)",
      only: only ?? "all",
    },
    results,
  });
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
  // Open handles (pg pools, pg-boss timers) must not keep a finished run alive.
  process.exit(results.some((r) => r.error) ? 1 : 0);
}

// A hard stop for the whole run: budgets bound each benchmark, this bounds everything else.
// Servers are killed on exit (support/children.ts); PostgreSQL is stopped here, for at most 10 s.
setTimeout(
  () => {
    console.error("bench: the whole run exceeded its hard limit; stopping");
    const stopped = database?.stop() ?? Promise.resolve();
    void Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 10_000))]).finally(() => process.exit(2));
  },
  // The organization rollout alone may take its 5-minute target: it brings its own budget on top.
  (pick(9 * 60_000, 3 * 60_000) + (organizationSelected() ? (BENCHES.find((b) => b.name === "organization")?.budgetMs ?? 0) : 0)) *
    BUDGET_SCALE,
).unref();

function organizationSelected(): boolean {
  const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
  return !only?.some(Boolean) || only.includes("organization");
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
