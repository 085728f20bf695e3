/** The end of a benchmark that ran its own local stack and app with the stack's settings in process.env. */
import { rmSync } from "node:fs";

export async function endLocalStackRun(run: {
  /** process.env as it was before the benchmark set the stack's settings. */
  savedEnv: NodeJS.ProcessEnv;
  app?: { stop: () => Promise<void> };
  stack: { stop: () => Promise<void> };
  dataDir: string;
}): Promise<void> {
  for (const key of Object.keys(process.env)) if (!(key in run.savedEnv)) delete process.env[key];
  Object.assign(process.env, run.savedEnv);
  await run.app?.stop();
  await run.stack.stop();
  rmSync(run.dataDir, { recursive: true, force: true });
}
