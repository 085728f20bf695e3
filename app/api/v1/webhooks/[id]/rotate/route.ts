import { apiRoute } from "@/lib/api/handler";
import { apiError, apiJson } from "@/lib/api/responses";
import { getApiWebhookEndpoint } from "@/lib/api/webhook-endpoints";
import { webhookIdParamsSchema } from "@/lib/api/schemas";
import { parseWith } from "@/lib/api/validate";
import { rotateSigningSecret } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

/** A new signing secret; the previous one keeps signing alongside it for 24 hours. */
export const POST = apiRoute<{ id: string }>("webhooks:manage", async (_request, { requestId, principal }, params) => {
  const id = parseWith(webhookIdParamsSchema, params, requestId, "endpoint id");
  if (!id.ok) return id.response;
  const outcome = await rotateSigningSecret(id.value.id, { kind: "api", keyPrefix: principal.prefix });
  if (outcome.kind === "not_found") return apiError("not_found", "No webhook endpoint has that id.", requestId);
  return apiJson({ endpoint: await getApiWebhookEndpoint(id.value.id), secret: outcome.secret }, requestId);
});
