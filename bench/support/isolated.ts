/**
 * Runs one benchmark in a fresh process. Benchmarks that start a local stack of
 * their own (onboarding, organization) call the app's code in-process, and the
 * app reads its settings, SDK clients and pools once per process: after another
 * such benchmark they would talk to a sandbox that is gone.
 */
import { fork } from "node:child_process";
import path from "node:path";
import { benchDir, track } from "./children";
import type { BenchResult } from "./report";

export function runIsolated(name: string, signal: AbortSignal): Promise<BenchResult> {
  const child = fork(path.join(benchDir, "run-one.ts"), [name], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: process.env,
  });
  track(child);
  return new Promise((resolve, reject) => {
    let result: BenchResult | undefined;
    // Over budget: the child stops its own servers as it exits (SIGTERM → exit handlers).
    signal.addEventListener("abort", () => child.kill("SIGTERM"), { once: true });
    child.on("message", (message) => (result = message as BenchResult));
    child.once("exit", (code) => (result ? resolve(result) : reject(new Error(`${name} exited with ${code} and no result`))));
  });
}
