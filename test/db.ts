/** Helpers for integration tests against the throwaway database. */
import { db } from "@/lib/db";

/**
 * TRUNCATE, retried when PostgreSQL picks it as a deadlock's victim: it locks
 * its tables one by one, and a test's app harness (its worker, the sweeper) may
 * still be finishing the previous test's work across the same tables.
 */
export async function truncate(tables: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.$executeRawUnsafe(`TRUNCATE ${tables}`);
      return;
    } catch (error) {
      const deadlocked = /40P01|deadlock detected/.test(String((error as Error).message));
      if (!deadlocked || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** Empties every application table (not the migrations table). */
export async function resetDb(): Promise<void> {
  await truncate(
    `users, sessions, email_tokens, rate_limits, api_keys, api_rate_limits, webhook_endpoints, webhook_events, connections, sns_messages, sns_subscriptions, cfn_requests, events, verify_runs, organization_links RESTART IDENTITY CASCADE`,
  );
}
