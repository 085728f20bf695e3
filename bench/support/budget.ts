/** Time bounds: every benchmark gets a budget, and a quick mode for smoke runs. */

export const QUICK = process.env.BENCH_QUICK === "1";

/**
 * BENCH_BUDGET_SCALE=3 stretches every budget (and the run's hard limit): for
 * diagnosis on a machine other jobs are loading, never for the recorded run.
 */
export const BUDGET_SCALE = Math.max(1, Number(process.env.BENCH_BUDGET_SCALE ?? "1") || 1);

/** Picks the full or the quick value. */
export function pick<T>(full: T, quick: T): T {
  return QUICK ? quick : full;
}

export class BudgetExceededError extends Error {
  constructor(name: string, ms: number) {
    super(`${name} exceeded its ${Math.round(ms / 1000)} s budget`);
    this.name = "BudgetExceededError";
  }
}

/**
 * Rejects when `ms` passes. The benchmark's own `finally` blocks still run
 * (servers are stopped), but its result is then reported as over budget.
 */
export async function withBudget<T>(name: string, budgetMs: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ms = budgetMs * BUDGET_SCALE;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new BudgetExceededError(name, ms));
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
