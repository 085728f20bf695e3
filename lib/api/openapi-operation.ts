/** Building blocks for the API's operations: JSON content and the common error responses. */
import type { ZodOpenApiOperationObject, ZodOpenApiResponsesObject } from "zod-openapi";
import type { z } from "zod";
import type { ApiScope } from "./scopes";
import { errorSchema } from "./schemas";

export const json = (schema: z.ZodType) => ({ "application/json": { schema } });

const ERROR_RESPONSES: ZodOpenApiResponsesObject = {
  "400": { description: "The request is not valid; `details` names each field.", content: json(errorSchema) },
  "401": { description: "No API key, or a key that is unknown, revoked or expired.", content: json(errorSchema) },
  "403": { description: "The key lacks the scope this operation needs.", content: json(errorSchema) },
  "500": { description: "Unexpected failure; quote the request ID.", content: json(errorSchema) },
};

/** An operation with the API's common errors and its scope stated. */
export function operation(scope: ApiScope, op: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  return {
    ...op,
    description: `${op.description ?? ""}\n\nRequires the \`${scope}\` scope.`.trim(),
    security: [{ apiKey: [] }],
    responses: { ...ERROR_RESPONSES, ...op.responses },
  };
}
