import { apiRoute } from "@/lib/api/handler";
import { getApiConnection } from "@/lib/api/connection-reads";
import { apiError, apiJson } from "@/lib/api/responses";
import { connectionIdParamsSchema } from "@/lib/api/schemas";
import { parseWith } from "@/lib/api/validate";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>("connections:read", async (_request, { requestId }, params) => {
  const parsed = parseWith(connectionIdParamsSchema, params, requestId, "connection id");
  if (!parsed.ok) return parsed.response;
  const connection = await getApiConnection(parsed.value.id);
  if (!connection) return apiError("not_found", "No connection has that id.", requestId);
  return apiJson(connection, requestId);
});
