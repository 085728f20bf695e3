import { apiRoute } from "@/lib/api/handler";
import { listApiEvents } from "@/lib/api/connection-reads";
import { apiError, apiJson } from "@/lib/api/responses";
import { connectionIdParamsSchema, listEventsQuerySchema } from "@/lib/api/schemas";
import { parseWith, queryObject } from "@/lib/api/validate";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>("connections:read", async (request, { requestId }, params) => {
  const id = parseWith(connectionIdParamsSchema, params, requestId, "connection id");
  if (!id.ok) return id.response;
  const query = queryObject(request);
  if (!query) return apiError("validation_failed", "Give each query parameter at most once.", requestId);
  const parsed = parseWith(listEventsQuerySchema, query, requestId, "query");
  if (!parsed.ok) return parsed.response;
  const page = await listApiEvents(id.value.id, parsed.value);
  if (page.kind === "not_found") return apiError("not_found", "No connection has that id.", requestId);
  if (page.kind === "bad_cursor")
    return apiError("validation_failed", "The cursor is not one this API issued.", requestId, {
      details: [{ path: "cursor", message: "Unknown cursor." }],
    });
  return apiJson({ data: page.data, nextCursor: page.nextCursor }, requestId);
});
