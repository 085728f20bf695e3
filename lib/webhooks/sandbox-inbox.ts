/**
 * The local journey's webhook receiver: the sandbox's inbox
 * (sandbox/webhook-inbox.ts), registered as an ordinary endpoint with one
 * admin click. Only where lib/env.ts accepts AWS_SANDBOX_URL (development,
 * tests, a production build served on loopback only); the target policy lets
 * deliveries reach it there and nowhere else.
 */
import { db } from "@/lib/db";
import { ALL_WEBHOOK_EVENT_TYPES } from "./event-types";
import { createEndpoint, rotateSigningSecret, setEndpointEnabled, type Actor } from "./endpoints";

export function sandboxInboxUrls(sandboxUrl: string): { hooks: string; page: string; secrets: string } {
  return {
    hooks: new URL("webhook-inbox/hooks", sandboxUrl).toString(),
    page: new URL("webhook-inbox", sandboxUrl).toString(),
    secrets: new URL("webhook-inbox/secrets", sandboxUrl).toString(),
  };
}

export type SandboxInboxOutcome =
  | { kind: "registered" | "renewed"; endpointId: string }
  | { kind: "unreachable"; endpointId: string }
  | { kind: "invalid_url"; message: string };

/**
 * Registers the inbox (every event type), or, when it is registered already,
 * rotates its secret: the sandbox keeps secrets in memory only, so a restarted
 * sandbox needs the current one again. Either way the inbox is handed the
 * secret so it can verify signatures as a vendor's receiver would.
 */
export async function registerSandboxInbox(sandboxUrl: string, actor: Actor): Promise<SandboxInboxOutcome> {
  const urls = sandboxInboxUrls(sandboxUrl);
  const existing = await db.webhookEndpoint.findFirst({
    where: { url: urls.hooks },
    select: { id: true, enabled: true },
    orderBy: { createdAt: "asc" },
  });
  const renewed = existing ? await rotateSigningSecret(existing.id, actor) : null;
  let endpointId: string;
  let secret: string;
  if (existing && renewed?.kind === "rotated") {
    if (!existing.enabled) await setEndpointEnabled(existing.id, true, actor);
    endpointId = existing.id;
    secret = renewed.secret;
  } else {
    // Not registered yet (or removed while we looked): register it.
    const created = await createEndpoint(
      { url: urls.hooks, description: "Local sandbox webhook inbox", eventTypes: ALL_WEBHOOK_EVENT_TYPES },
      actor,
    );
    if (created.kind === "invalid_url") return created;
    endpointId = created.id;
    secret = created.secret;
  }
  try {
    const handed = await fetch(urls.secrets, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ secret }),
      signal: AbortSignal.timeout(5_000),
      redirect: "error",
    });
    if (!handed.ok) return { kind: "unreachable", endpointId };
  } catch {
    return { kind: "unreachable", endpointId };
  }
  return { kind: renewed?.kind === "rotated" ? "renewed" : "registered", endpointId };
}
