/**
 * JSON API for the console page and the tests: stacks (create, read, update, delete),
 * SNS subscriptions and deliveries (with replay/forgery for rejection tests), what
 * arrived at each ResponseURL, and a
 * Publish as any account allowed to (hand-made messages, correctly signed, for tests).
 * Writes require a JSON body, so a cross-site form cannot drive them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { BodyTooLargeError, readBody, sendJson } from "../http-util";
import { CfnApiError, TEMPLATE_VARIANTS, type SandboxCloudFormation } from "../cloudformation";
import type { SnsDelivery } from "../sns-delivery";

export interface StatusApiState {
  cloudformation: SandboxCloudFormation;
  delivery: SnsDelivery;
  templateUrl: string;
  /** The current template's version (the console's Update form offers to move to it). */
  templateVersion: string;
  /** What the console shows for each template parameter. */
  parameters: Array<{ name: string; description?: string; default?: string }>;
  /** The 12-digit account the console should suggest, if any. */
  defaultAccountId(): string | undefined;
  /** Who may publish to which topic (the topic policies rolelink manages). */
  snsApi: { canPublish(topicArn: string, accountId: string): boolean };
}

const createStackSchema = z.object({
  region: z.string().min(1).max(32),
  accountId: z.string().max(32),
  stackName: z.string().max(256),
  templateUrl: z.string().max(2048),
  parameters: z.record(z.string().max(255), z.string().max(4096)),
  capabilities: z.array(z.string().max(64)).max(8).default([]),
  /** Tests only (the console never sends it): a stack made with an older template version. */
  templateVariant: z.enum(TEMPLATE_VARIANTS).optional(),
});

const updateStackSchema = z.object({
  parameters: z.record(z.string().max(255), z.string().max(4096)).optional(),
  useCurrentTemplate: z.boolean().optional(),
  templateVariant: z.enum(TEMPLATE_VARIANTS).optional(),
});

/**
 * sns:Publish by a principal of `fromAccount`: SNS signs and delivers whatever a
 * permitted account writes, which is exactly what rolelink must not trust.
 */
const publishSchema = z.object({
  topicArn: z.string().max(256),
  fromAccount: z.string().regex(/^\d{12}$/),
  subject: z.string().max(100).optional(),
  message: z
    .string()
    .min(1)
    .max(32 * 1024),
});

function isJson(req: IncomingMessage): boolean {
  return (req.headers["content-type"] ?? "").split(";")[0]?.trim() === "application/json";
}

export async function handleStatusApi(req: IncomingMessage, res: ServerResponse, url: URL, state: StatusApiState): Promise<void> {
  const parts = url.pathname.split("/").slice(2).map(decodeURIComponent); // after "/api/"
  const [resource, id, action] = parts;
  const method = req.method ?? "GET";
  if (method !== "GET" && !isJson(req)) return sendJson(res, 415, { error: "unsupported_media_type", message: "send application/json" });

  if (resource === "console" && method === "GET") {
    return sendJson(res, 200, {
      templateUrl: state.templateUrl,
      templateVersion: state.templateVersion,
      parameters: state.parameters,
      defaultAccountId: state.defaultAccountId() ?? null,
    });
  }
  if (resource === "stacks") {
    if (id === undefined && method === "GET") return sendJson(res, 200, { stacks: state.cloudformation.listStacks() });
    if (id === undefined && method === "POST") {
      const input = await readJson(req, res, createStackSchema, "CreateStack");
      return input && answer(res, () => ({ stack: state.cloudformation.createStack(input) }), 201);
    }
    if (id !== undefined && action === undefined && method === "GET") {
      const stack = state.cloudformation.getStack(id);
      return stack ? sendJson(res, 200, { stack }) : sendJson(res, 404, { error: "not_found" });
    }
    if (id !== undefined && action === "update" && method === "POST") {
      const input = await readJson(req, res, updateStackSchema, "UpdateStack");
      return input && answer(res, () => ({ stack: state.cloudformation.updateStack(id, input) }), 200);
    }
    if (id !== undefined && action === undefined && method === "DELETE") {
      return answer(res, () => ({ stack: state.cloudformation.deleteStack(id) }), 200);
    }
  }
  if (resource === "publish" && id === undefined && method === "POST") {
    const input = await readJson(req, res, publishSchema, "Publish");
    if (!input) return;
    if (!state.snsApi.canPublish(input.topicArn, input.fromAccount)) {
      // What SNS answers an account the topic policy does not allow (or a topic that does not exist).
      return sendJson(res, 403, {
        error: "AuthorizationError",
        message: `account ${input.fromAccount} is not authorized to perform SNS:Publish on ${input.topicArn}`,
      });
    }
    return sendJson(res, 200, { delivery: await state.delivery.publish(input.topicArn, input.subject, input.message) });
  }
  // What CloudFormation received at each ResponseURL (benchmarks check "answered exactly once").
  if (resource === "cfn-responses" && id === undefined && method === "GET")
    return sendJson(res, 200, { responses: state.cloudformation.responses() });
  if (resource === "subscriptions" && method === "GET") return sendJson(res, 200, { subscriptions: state.delivery.listSubscriptions() });
  if (resource === "deliveries") {
    if (id === undefined && method === "GET") return sendJson(res, 200, { deliveries: state.delivery.listDeliveries() });
    if (id !== undefined && action === undefined && method === "GET") {
      const delivery = state.delivery.getDelivery(id);
      return delivery ? sendJson(res, 200, { delivery }) : sendJson(res, 404, { error: "not_found" });
    }
    if (id !== undefined && (action === "replay" || action === "forge") && method === "POST") {
      const sent = state.delivery.replay(id, action === "replay" ? "replay" : "forgery");
      return sent ? sendJson(res, 200, { delivery: await sent }) : sendJson(res, 404, { error: "not_found" });
    }
  }
  sendJson(res, 404, { error: "not_found" });
}

/** The parsed body, or undefined once a 400 has been sent. */
async function readJson<T>(req: IncomingMessage, res: ServerResponse, schema: z.ZodType<T>, what: string): Promise<T | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(await readBody(req, 64 * 1024));
  } catch (error) {
    const message = error instanceof BodyTooLargeError ? "request too large" : "invalid JSON";
    sendJson(res, 400, { error: "ValidationError", message });
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    sendJson(res, 400, { error: "ValidationError", message: `malformed ${what} request` });
    return undefined;
  }
  return parsed.data;
}

/** CloudFormation API refusals become `{ error: <AWS code>, message }`. */
function answer(res: ServerResponse, run: () => unknown, status: number): void {
  try {
    sendJson(res, status, run());
  } catch (error) {
    if (error instanceof CfnApiError) return sendJson(res, error.status, { error: error.code, message: error.message });
    throw error;
  }
}
