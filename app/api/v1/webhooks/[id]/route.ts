import { apiRoute } from "@/lib/api/handler";
import { apiError } from "@/lib/api/responses";
import { webhookIdParamsSchema } from "@/lib/api/schemas";
import { parseWith } from "@/lib/api/validate";
import { deleteEndpoint } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute<{ id: string }>("webhooks:manage", async (_request, { requestId, principal }, params) => {
  const id = parseWith(webhookIdParamsSchema, params, requestId, "endpoint id");
  if (!id.ok) return id.response;
  const deleted = await deleteEndpoint(id.value.id, { kind: "api", keyPrefix: principal.prefix });
  if (!deleted) return apiError("not_found", "No webhook endpoint has that id.", requestId);
  return new Response(null, { status: 204, headers: { "x-request-id": requestId } });
});
