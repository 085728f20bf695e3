import { apiReferenceHtml } from "@/lib/docs/api-reference";

/** Interactive API reference (Scalar, served from our origin), rendered from /api/v1/openapi.json. */
export function GET(request: Request): Response {
  // proxy.ts puts this request's CSP nonce on the request; the page's scripts must carry it.
  const nonce = request.headers.get("x-nonce") ?? "";
  return new Response(apiReferenceHtml(nonce), { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
