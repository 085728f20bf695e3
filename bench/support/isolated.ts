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

/** How long an aborted child gets to stop its own servers (its `finally` blocks) before it is killed. */
const STOP_GRACE_MS = 15_000;

export function runIsolated(name: string, signal: AbortSignal): Promise<BenchResult> {
  const child = fork(path.join(benchDir, "run-one.ts"), [name], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: process.env,
  });
  track(child);
  signal.addEventListener(
    "abort",
    () => {
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS).unref();
    },
    { once: true },
  );
  return new Promise((resolve, reject) => {
    let outcome: { result?: BenchResult; error?: string } = {};
    child.on("message", (message) => (outcome = message as typeof outcome));
    // "close", not "exit": the last IPC message is delivered before it.
    child.once("close", (code) => {
      if (outcome.result) resolve(outcome.result);
      else reject(new Error(outcome.error ?? `${name} exited with ${code} and no result`));
    });
  });
}
