/**
 * next-auth turns every authorize() error into the same answer (an error
 * message in a URL). A refusal that the caller should retry later (a limit, a
 * busy server) is recorded here during the request, so the route can answer
 * 429 with Retry-After instead.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface SignInRefusal {
  retryAfterSeconds?: number;
}

export const signInRefusals = new AsyncLocalStorage<SignInRefusal>();

export function recordRetryAfter(seconds: number): void {
  const current = signInRefusals.getStore();
  if (current) current.retryAfterSeconds = seconds;
}
