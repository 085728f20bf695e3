/**
 * `npm run soak` (not in CI): the hostile-input suite at soak scale — 10,000
 * fuzzed /api/sns bodies (HOSTILE_FUZZ_RUNS) and a 500-copy duplicate storm
 * (HOSTILE_STORM_COPIES) — through Vitest, so the same assertions and the
 * same throwaway database apply. Override either variable for longer runs.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "..");
const vitest = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs");

const env = {
  ...process.env,
  HOSTILE_FUZZ_RUNS: process.env.HOSTILE_FUZZ_RUNS ?? "10000",
  HOSTILE_STORM_COPIES: process.env.HOSTILE_STORM_COPIES ?? "500",
};
const files = ["test/hostile/sns-fuzz.test.ts", "test/hostile/duplicate-storm.test.ts"];
console.log(`soak: ${env.HOSTILE_FUZZ_RUNS} fuzzed bodies, a ${env.HOSTILE_STORM_COPIES}-copy duplicate storm`);
const child = spawn(process.execPath, [vitest, "run", ...files], { cwd: root, env, stdio: "inherit" });
child.once("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
