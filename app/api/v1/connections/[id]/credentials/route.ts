import { apiRoute, readJson } from "@/lib/api/handler";
import { issueConnectionCredentials } from "@/lib/api/credential-broker";
import { apiError, apiJson } from "@/lib/api/responses";
import { connectionIdParamsSchema, issueCredentialsBodySchema } from "@/lib/api/schemas";
import { parseWith } from "@/lib/api/validate";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>("credentials:issue", async (request, { requestId, principal }, params) => {
  const id = parseWith(connectionIdParamsSchema, params, requestId, "connection id");
  if (!id.ok) return id.response;
  const body = await readJson(request);
  if (!body.ok) return apiError("validation_failed", body.message, requestId);
  const parsed = parseWith(issueCredentialsBodySchema, body.value, requestId, "request body");
  if (!parsed.ok) return parsed.response;
  const outcome = await issueConnectionCredentials({
    connectionId: id.value.id,
    principal,
    durationSeconds: parsed.value.durationSeconds,
    policy: parsed.value.policy,
  });
  switch (outcome.kind) {
    case "issued": {
      const { credentials } = outcome;
      return apiJson(
        {
          Version: 1,
          AccessKeyId: credentials.accessKeyId,
          SecretAccessKey: credentials.secretAccessKey,
          SessionToken: credentials.sessionToken,
          Expiration: credentials.expiration.toISOString(),
        },
        requestId,
      );
    }
    case "not_found":
      return apiError("not_found", "No connection has that id.", requestId);
    case "not_connected":
      return apiError("conflict", `Credentials are issued only for connected accounts; this one is ${outcome.status}.`, requestId);
    case "rate_limited":
      return apiError("rate_limited", "Too many credential requests for this API key; retry later.", requestId, {
        headers: { "retry-after": String(outcome.retryAfterSeconds) },
      });
    case "refused":
      if (outcome.code === "throttled" || outcome.code === "network")
        return apiError("unavailable", outcome.message, requestId, { headers: { "retry-after": "30" } });
      if (outcome.code === "invalid_input") return apiError("validation_failed", outcome.message, requestId);
      return apiError("conflict", outcome.message, requestId);
  }
});
