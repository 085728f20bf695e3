import { apiRoute, readJson } from "@/lib/api/handler";
import { getApiConnection, listApiConnections } from "@/lib/api/connection-reads";
import { createConnectionForKey } from "@/lib/api/create-connection";
import { apiError, apiJson } from "@/lib/api/responses";
import { createConnectionBodySchema, listConnectionsQuerySchema } from "@/lib/api/schemas";
import { parseWith, queryObject } from "@/lib/api/validate";

export const dynamic = "force-dynamic";

export const GET = apiRoute("connections:read", async (request, { requestId }) => {
  const query = queryObject(request);
  if (!query) return apiError("validation_failed", "Give each query parameter at most once.", requestId);
  const parsed = parseWith(listConnectionsQuerySchema, query, requestId, "query");
  if (!parsed.ok) return parsed.response;
  const page = await listApiConnections(parsed.value);
  if (page.kind === "bad_cursor")
    return apiError("validation_failed", "The cursor is not one this API issued.", requestId, {
      details: [{ path: "cursor", message: "Unknown cursor." }],
    });
  return apiJson({ data: page.data, nextCursor: page.nextCursor }, requestId);
});

export const POST = apiRoute("connections:write", async (request, { requestId, principal }) => {
  const body = await readJson(request);
  if (!body.ok) return apiError("validation_failed", body.message, requestId);
  const parsed = parseWith(createConnectionBodySchema, body.value, requestId, "request body");
  if (!parsed.ok) return parsed.response;
  const outcome = await createConnectionForKey(parsed.value, principal);
  switch (outcome.kind) {
    case "unsupported_region":
      return apiError("validation_failed", "That region is not supported.", requestId, {
        details: [{ path: "region", message: `Supported: ${outcome.supported.join(", ")}.` }],
      });
    case "no_owner":
      return apiError("conflict", "The admin who created this API key no longer exists; create a new key.", requestId);
    case "unavailable":
      return apiError("unavailable", outcome.message, requestId, { headers: { "retry-after": "60" } });
    case "created":
    case "reused": {
      const connection = await getApiConnection(outcome.id);
      if (!connection) return apiError("not_found", "No connection has that id.", requestId);
      const status = outcome.kind === "created" ? 201 : 200;
      return apiJson(
        { connection, launchUrl: outcome.launchUrl, cliCommand: outcome.cliCommand, reused: outcome.kind === "reused" },
        requestId,
        status,
        { location: `/api/v1/connections/${outcome.id}` },
      );
    }
  }
});
