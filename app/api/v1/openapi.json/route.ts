import { openApiDocument } from "@/lib/api/openapi";

/** The API's OpenAPI 3.1 document: public, like the docs page that renders it. */
export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
