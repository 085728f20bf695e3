/** Helpers for integration tests against the throwaway database. */
import { db } from "@/lib/db";

/** Empties every application table (not the migrations table). */
export async function resetDb(): Promise<void> {
  await db.$executeRawUnsafe(
    `TRUNCATE users, sessions, email_tokens, rate_limits, api_keys, api_rate_limits, webhook_endpoints, webhook_events, connections, sns_messages, sns_subscriptions, cfn_requests, events, verify_runs, organization_links RESTART IDENTITY CASCADE`,
  );
}
