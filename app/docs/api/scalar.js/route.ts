import { scalarBundle } from "@/lib/docs/api-reference";

/**
 * Scalar's browser bundle from node_modules. The page asks for it with its
 * content hash (?v=), so it can be cached for a year: a new bundle is a new URL.
 */
export function GET(): Response {
  const { body, version } = scalarBundle();
  return new Response(new Uint8Array(body), {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"${version}"`,
    },
  });
}
