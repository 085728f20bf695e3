/** Helpers that run a bench-side server (floor, STS stand-in) in its own process, so it gets its own core. */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface Child {
  process: ChildProcess;
  port: number;
  stop: () => Promise<void>;
}

export const benchDir = path.resolve(import.meta.dirname, "..");

/** Forks bench/<file> under tsx; the child must `process.send({ port })` once it listens. */
export function forkServer(
  file: string,
  options: { args?: string[]; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Child> {
  const { args = [], env = {}, timeoutMs = 30_000 } = options;
  const child = fork(path.join(benchDir, file), args, {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, ...env },
  });
  track(child);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${file} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code} before listening`));
    });
    child.on("message", (message: unknown) => {
      const port = (message as { port?: unknown }).port;
      if (typeof port === "number") {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve({ process: child, port, stop });
      }
    });
  });
}

/** In the child: tell the parent the port, and exit when it goes away. */
export function announce(port: number): void {
  process.send?.({ port });
  process.on("disconnect", () => process.exit(0));
  process.on("SIGTERM", () => process.exit(0));
}

const live = new Set<ChildProcess>();

/** Every server a benchmark starts is killed when the bench process exits, however it exits. */
export function track(child: ChildProcess): void {
  live.add(child);
  child.once("exit", () => live.delete(child));
}

process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});
