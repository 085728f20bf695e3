/** Test helpers: a customer's launch link, and the stack they create with it in the sandbox. */
import { db } from "@/lib/db";
import type { TemplateVariant } from "@/sandbox/cloudformation";
import { APP_TOPICS, waitUntil, type AppHarness } from "./app-harness";
import { truncate } from "@/test/db";

/** The sandbox keeps offering its confirmations until the app has confirmed one subscription per app topic. */
export function subscriptionsConfirmed(app: AppHarness) {
  return waitUntil(
    () =>
      app.sandbox.state.delivery.listSubscriptions().filter((s) => s.status === "confirmed" && APP_TOPICS.includes(s.topicArn)).length ===
      APP_TOPICS.length,
  );
}

/** A new customer and their pending link (publish access granted as /connect does). */
export async function newLink(accountId: string, region = "us-east-1") {
  const owner = await db.user.create({ data: { email: `c-${crypto.randomUUID()}@example.test`, passwordHash: "x" } });
  const { startConnection } = await import("@/lib/connections/start-connection");
  const { id } = await startConnection({ ownerId: owner.id, accountId, region });
  return db.connection.findUniqueOrThrow({ where: { id } });
}

export interface LaunchOptions {
  /** Parameters the customer edited before creating. */
  edit?: Record<string, string>;
  templateVariant?: TemplateVariant;
  /** The account the customer is actually signed in to. */
  inAccount?: string;
}

/** Creates the stack exactly as the link's Launch Stack button would (in the sandbox console). */
export async function launchStack(
  app: AppHarness,
  link: { id: string; accountId: string; region: string; externalId: string },
  options: LaunchOptions = {},
) {
  const { launchDetails } = await import("@/lib/connections/launch");
  const details = launchDetails(link);
  return app.sandbox.state.cloudformation.createStack({
    region: link.region,
    accountId: options.inAccount ?? link.accountId,
    stackName: details.stackName,
    templateUrl: details.templateUrl,
    parameters: { ...details.parameters, ...options.edit },
    capabilities: ["CAPABILITY_IAM"],
    templateVariant: options.templateVariant,
  });
}

/** The stack's status once it is no longer in progress. */
export function settledStatus(app: AppHarness, stackId: string, timeoutMs = 60_000) {
  return waitUntil(() => {
    const status = app.sandbox.state.cloudformation.getStack(stackId)?.status;
    return status && !status.endsWith("IN_PROGRESS") ? status : undefined;
  }, timeoutMs);
}

/**
 * Test files share one database: requests another file left unanswered (its
 * sandbox is gone) would keep this file's worker busy retrying dead
 * ResponseURLs. Call before starting a worker, and when a file is done.
 */
export async function forgetStackRequests(): Promise<void> {
  await truncate(`cfn_requests, sns_messages RESTART IDENTITY CASCADE`);
  await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = 'cfn-request'`).catch(() => undefined);
  // Webhook endpoints another file registered (on its own loopback receiver) would get this file's events.
  await truncate(`webhook_endpoints RESTART IDENTITY CASCADE`);
  await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = 'webhook-delivery'`).catch(() => undefined);
}
