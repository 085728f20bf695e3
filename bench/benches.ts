/** Every benchmark `npm run bench` knows, with its time budget. */
import { pick } from "./support/budget";
import type { BenchResult } from "./support/report";
import { runIsolated } from "./support/isolated";
import { runVerifierBench } from "./verifier";
import { runSnsEndpointBench } from "./sns-endpoint";
import { runFleetBench } from "./fleet";
import { runDashboardBench } from "./dashboard";
import { runPageWeightBench } from "./page-weight";
import { runOnboardingBench } from "./onboarding";
import { runAttackBench } from "./attack";
import { runPagesBench } from "./pages";
import { runOrganizationBench } from "./organization";

export interface Bench {
  name: string;
  budgetMs: number;
  needsBuild?: boolean;
  /** Runs in a process of its own (see support/isolated.ts). */
  isolated?: boolean;
  run: (signal: AbortSignal) => Promise<BenchResult>;
}

export const BENCHES: Bench[] = [
  { name: "verifier", budgetMs: pick(40_000, 15_000), run: () => runVerifierBench() },
  { name: "page-weight", budgetMs: 20_000, needsBuild: true, run: () => Promise.resolve(runPageWeightBench()) },
  { name: "dashboard", budgetMs: pick(60_000, 25_000), run: () => runDashboardBench() },
  { name: "fleet", budgetMs: pick(175_000, 120_000), run: (signal) => runFleetBench(signal) },
  { name: "sns-endpoint", budgetMs: pick(150_000, 70_000), needsBuild: true, run: (signal) => runSnsEndpointBench(signal) },
  { name: "pages", budgetMs: pick(90_000, 60_000), needsBuild: true, run: (signal) => runPagesBench(signal) },
  { name: "onboarding", budgetMs: pick(100_000, 60_000), needsBuild: true, isolated: true, run: (signal) => runOnboardingBench(signal) },
  { name: "attack", budgetMs: pick(150_000, 120_000), needsBuild: true, run: (signal) => runAttackBench(signal) },
  // The floor rollout, the app's start and a rollout that may take up to its 5-minute target.
  {
    name: "organization",
    budgetMs: pick(540_000, 150_000),
    needsBuild: true,
    isolated: true,
    run: (signal) => runOrganizationBench(signal),
  },
];

/** How run.ts runs one: in this process, or in a fresh one when the benchmark asks for it. */
export function runBench(bench: Bench, signal: AbortSignal): Promise<BenchResult> {
  return bench.isolated ? runIsolated(bench.name, signal) : bench.run(signal);
}
