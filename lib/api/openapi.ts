/**
 * The API's OpenAPI 3.1 document, generated from the zod schemas the routes
 * validate with (schemas.ts). Served at /api/v1/openapi.json, rendered at /docs/api.
 */
import { createDocument } from "zod-openapi";
import { API_SCOPES } from "./scopes";
import { API_PATHS } from "./openapi-paths";

let cached: ReturnType<typeof createDocument> | undefined;

export function openApiDocument(): ReturnType<typeof createDocument> {
  cached ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "rolelink API",
      version: "1.0.0",
      description:
        "List and create customer AWS connections, prove access, and get short-lived credentials for them. " +
        "Authenticate with `Authorization: Bearer <key>` (keys are created by an admin under Admin → API keys). " +
        "Every response carries `x-request-id`; every error is `{ error: { code, message, requestId } }`.\n\n" +
        `Scopes: ${Object.entries(API_SCOPES)
          .map(([scope, text]) => `\`${scope}\` (${text})`)
          .join(", ")}.`,
    },
    servers: [{ url: "/api/v1" }],
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key: rlk_…" } } },
    paths: API_PATHS,
  });
  return cached;
}
