import { apiRoute, readJson } from "@/lib/api/handler";
import { apiError, apiJson } from "@/lib/api/responses";
import { getApiWebhookEndpoint, listApiWebhookEndpoints } from "@/lib/api/webhook-endpoints";
import { parseWith } from "@/lib/api/validate";
import { createEndpoint, endpointInputSchema } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const GET = apiRoute("webhooks:manage", async (_request, { requestId }) =>
  apiJson({ data: await listApiWebhookEndpoints() }, requestId),
);

export const POST = apiRoute("webhooks:manage", async (request, { requestId, principal }) => {
  const body = await readJson(request);
  if (!body.ok) return apiError("validation_failed", body.message, requestId);
  const parsed = parseWith(endpointInputSchema.strict(), body.value, requestId, "request body");
  if (!parsed.ok) return parsed.response;
  const outcome = await createEndpoint(parsed.value, { kind: "api", keyPrefix: principal.prefix });
  if (outcome.kind === "invalid_url")
    return apiError("validation_failed", outcome.message, requestId, { details: [{ path: "url", message: outcome.message }] });
  const endpoint = await getApiWebhookEndpoint(outcome.id);
  return apiJson({ endpoint, secret: outcome.secret }, requestId, 201, { location: `/api/v1/webhooks/${outcome.id}` });
});
