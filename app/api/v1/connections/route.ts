import { apiRoute } from "@/lib/api/handler";
import { listApiConnections } from "@/lib/api/connection-reads";
import { apiError, apiJson } from "@/lib/api/responses";
import { listConnectionsQuerySchema } from "@/lib/api/schemas";
import { parseWith, queryObject } from "@/lib/api/validate";

export const dynamic = "force-dynamic";

export const GET = apiRoute("connections:read", async (request, { requestId }) => {
  const query = queryObject(request);
  if (!query) return apiError("validation_failed", "Give each query parameter at most once.", requestId);
  const parsed = parseWith(listConnectionsQuerySchema, query, requestId, "query");
  if (!parsed.ok) return parsed.response;
  const page = await listApiConnections(parsed.value);
  if (page.kind === "bad_cursor") return apiError("validation_failed", "The cursor is not one this API issued.", requestId, { details: [{ path: "cursor", message: "Unknown cursor." }] });
  return apiJson({ data: page.data, nextCursor: page.nextCursor }, requestId);
});
