import { apiRoute } from "@/lib/api/handler";
import { getApiConnection } from "@/lib/api/connection-reads";
import { apiError, apiJson } from "@/lib/api/responses";
import { connectionIdParamsSchema } from "@/lib/api/schemas";
import { parseWith } from "@/lib/api/validate";
import { verifyConnection } from "@/lib/connections/verification/verify-connection";

export const dynamic = "force-dynamic";

/** Runs the proof of access now, as an admin's "Verify access" does, on behalf of the key. */
export const POST = apiRoute<{ id: string }>("connections:verify", async (_request, { requestId, principal }, params) => {
  const id = parseWith(connectionIdParamsSchema, params, requestId, "connection id");
  if (!id.ok) return id.response;
  const outcome = await verifyConnection({ connectionId: id.value.id, actor: { kind: "api", keyPrefix: principal.prefix }, reason: "api" });
  if (!outcome.ok && outcome.code === "not_found") return apiError("not_found", "No connection has that id.", requestId);
  if (!outcome.ok && outcome.code === "not_verifiable") return apiError("conflict", outcome.message, requestId);
  const connection = await getApiConnection(id.value.id);
  if (!connection) return apiError("not_found", "No connection has that id.", requestId);
  return apiJson(
    outcome.ok
      ? { ok: true, assumedRoleArn: outcome.assumedRoleArn, expiresAt: outcome.expiresAt.toISOString(), connection }
      : { ok: false, code: outcome.code, message: outcome.message, connection },
    requestId,
  );
});
