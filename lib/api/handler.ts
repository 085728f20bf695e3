/**
 * Every /api/v1 route goes through apiRoute(): a request ID, the bearer key
 * checked (401) and its scope (403), and any thrown error turned into a 500 in
 * the API's error shape, without internal text.
 */
import { BodyEncodingError, BodyTooLargeError, readTextBody } from "@/lib/http/read-body";
import { log, requestIdFrom, type Logger } from "@/lib/log";
import { authenticateApiKey, type ApiPrincipal } from "./keys";
import type { ApiScope } from "./scopes";
import { apiError } from "./responses";

export interface ApiContext {
  principal: ApiPrincipal;
  requestId: string;
  log: Logger;
}

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (request: Request, context: ApiContext, params: P) => Promise<Response>;

const UNAUTHORIZED: Record<string, string> = {
  missing: "Send an API key as `Authorization: Bearer <key>`.",
  invalid: "The API key is not valid.",
  revoked: "The API key has been revoked.",
  expired: "The API key has expired.",
};

export function apiRoute<P = Record<string, never>>(scope: ApiScope, handler: Handler<P>) {
  return async (request: Request, route: RouteContext<P>): Promise<Response> => {
    const requestId = requestIdFrom(request.headers);
    const requestLog = log.with({ requestId, method: request.method, path: new URL(request.url).pathname });
    try {
      const auth = await authenticateApiKey(request.headers.get("authorization"));
      if (auth.kind !== "ok") {
        return apiError("unauthorized", UNAUTHORIZED[auth.kind] ?? UNAUTHORIZED.invalid!, requestId, {
          headers: { "www-authenticate": 'Bearer realm="rolelink"' },
        });
      }
      if (!auth.principal.scopes.includes(scope)) {
        return apiError("forbidden", `This API key lacks the ${scope} scope.`, requestId);
      }
      const context = { principal: auth.principal, requestId, log: requestLog.with({ apiKey: auth.principal.prefix }) };
      return await handler(request, context, await route.params);
    } catch (error) {
      requestLog.error("api request failed", { error });
      return apiError("internal", "Something went wrong. Retry later, quoting the request ID.", requestId);
    }
  };
}

/** The JSON body of a request (an empty body is `{}`), or why it cannot be read (callers answer 400). */
export async function readJson(
  request: Request,
  maxBytes = 16_384,
): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await readTextBody(request, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { ok: false, message: `The request body must be at most ${maxBytes} bytes.` };
    if (error instanceof BodyEncodingError) return { ok: false, message: "The request body is not UTF-8." };
    throw error;
  }
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: "The request body is not valid JSON." };
  }
}
