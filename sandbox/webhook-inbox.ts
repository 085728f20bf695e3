/**
 * The sandbox's webhook inbox: a vendor-side receiver for the local journey.
 * rolelink registers it as an endpoint (the admin's one click, which also
 * hands the inbox the endpoint's signing secret); every delivery is verified
 * with the standardwebhooks package, as a vendor's product would, and a page
 * lists what arrived. Repeats of a webhook-id (at-least-once) are counted,
 * not listed twice. Loopback only, like the rest of the sandbox.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { BodyTooLargeError, escapeXml, readBody, send, sendJson } from "./http-util";

export const INBOX_PATH = "/webhook-inbox";
const MAX_EVENTS = 200;

export interface InboxEvent {
  id: string;
  type: string;
  connectionId: string | null;
  status: string | null;
  receivedAt: string;
  verified: boolean;
  deliveries: number;
}

const secretSchema = z.object({ secret: z.string().regex(/^whsec_[A-Za-z0-9+/=]{20,200}$/) });
const payloadSchema = z.object({
  type: z.string().max(100),
  data: z
    .object({
      connection: z
        .object({ id: z.string().max(100), status: z.string().max(40) })
        .partial()
        .optional(),
    })
    .partial(),
});

export function createWebhookInbox() {
  const secrets: string[] = [];
  const events: InboxEvent[] = [];

  /** Any signing secret the inbox was given (rotation overlap signs with two). */
  function verifies(body: string, headers: Record<string, string>): boolean {
    return secrets.some((secret) => {
      try {
        new Webhook(secret).verify(body, headers);
        return true;
      } catch {
        return false;
      }
    });
  }

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, 256 * 1024);
    const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string"));
    const verified = verifies(body, headers);
    let payload: z.infer<typeof payloadSchema> | null = null;
    try {
      const parsed = payloadSchema.safeParse(JSON.parse(body));
      payload = parsed.success ? parsed.data : null;
    } catch {
      payload = null;
    }
    const id = (headers["webhook-id"] ?? "").slice(0, 100);
    const seen = events.find((e) => e.id === id && e.verified === verified);
    if (seen) seen.deliveries += 1;
    else {
      events.unshift({
        id,
        type: payload?.type ?? "(unreadable)",
        connectionId: payload?.data.connection?.id ?? null,
        status: payload?.data.connection?.status ?? null,
        receivedAt: new Date().toISOString(),
        verified,
        deliveries: 1,
      });
      events.length = Math.min(events.length, MAX_EVENTS);
    }
    // A receiver refuses what it cannot verify, so rolelink's delivery log shows the failure.
    res.writeHead(verified ? 204 : 400).end();
  }

  async function addSecret(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = secretSchema.safeParse(JSON.parse(await readBody(req, 4096)));
    if (!parsed.success) return sendJson(res, 400, { error: "expected { secret: whsec_... }" });
    if (!secrets.includes(parsed.data.secret)) secrets.push(parsed.data.secret);
    sendJson(res, 200, { ok: true });
  }

  /** Answers the inbox's routes; false for any other path. */
  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const routes: Record<string, () => Promise<void> | void> = {
      [`POST ${INBOX_PATH}/hooks`]: () => receive(req, res),
      [`POST ${INBOX_PATH}/secrets`]: () => addSecret(req, res),
      [`GET ${INBOX_PATH}/events`]: () => sendJson(res, 200, { events }),
      [`GET ${INBOX_PATH}`]: () => send(res, 200, "text/html; charset=utf-8", renderInboxPage(events, secrets.length > 0)),
    };
    const handler = routes[`${req.method ?? ""} ${path.replace(/\/$/, "")}`];
    if (!handler) return false;
    try {
      await handler();
    } catch (error) {
      if (error instanceof BodyTooLargeError) sendJson(res, 413, { error: "too_large" });
      else if (error instanceof SyntaxError) sendJson(res, 400, { error: "invalid_json" });
      else throw error;
    }
    return true;
  }

  return { handle, events: (): readonly InboxEvent[] => events };
}

function renderInboxPage(events: readonly InboxEvent[], ready: boolean): string {
  const rows = events
    .map(
      (e) =>
        `<tr><td>${escapeXml(e.receivedAt)}</td><td><code>${escapeXml(e.type)}</code></td><td>${e.verified ? "Verified" : "<strong>Signature invalid</strong>"}</td>` +
        `<td><code>${escapeXml(e.connectionId ?? "")}</code></td><td>${escapeXml(e.status ?? "")}</td><td><code>${escapeXml(e.id)}</code>${e.deliveries > 1 ? ` (delivered ${e.deliveries} times)` : ""}</td></tr>`,
    )
    .join("\n");
  const empty = ready
    ? "No webhooks received yet. Connect or disconnect an account, then reload."
    : "Not registered yet: in rolelink, open Admin → Webhooks and choose “Register the sandbox inbox”.";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Webhook inbox · rolelink local sandbox</title>
<style>
body { margin:0; font: 14px/1.5 system-ui, sans-serif; color:#16191f; background:#f2f3f3; }
header { background:#232f3e; color:#fff; padding:8px 20px; }
main { max-width: 1100px; margin: 24px auto; padding: 0 16px; }
.scroll { overflow-x:auto; background:#fff; border:1px solid #d1d5db; border-radius:8px; }
table { width:100%; border-collapse: collapse; }
th, td { text-align:left; padding: 6px 8px; border-bottom: 1px solid #d1d5db; vertical-align: top; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
</style>
</head>
<body>
<header><strong>Webhook inbox</strong> · rolelink local sandbox, not your product</header>
<main>
<h1>Webhooks received</h1>
<p>Each delivery is verified with the <code>standardwebhooks</code> package and the endpoint's signing secret. Reload to see new ones.</p>
${
  events.length === 0
    ? `<p>${empty}</p>`
    : `<div class="scroll"><table aria-label="Webhooks received"><thead><tr><th scope="col">Received</th><th scope="col">Event</th><th scope="col">Signature</th><th scope="col">Connection</th><th scope="col">Status</th><th scope="col">webhook-id</th></tr></thead><tbody>
${rows}
</tbody></table></div>`
}
</main>
</body>
</html>`;
}
