/**
 * The API's responses: JSON bodies, the request ID on every one, and one error
 * shape `{ error: { code, message, requestId, details? } }` for every failure.
 */
import type { z } from "zod";
import { NO_STORE_UNCOMPRESSED } from "@/lib/http/cache-control";

export type ApiErrorCode =
  "unauthorized" | "forbidden" | "not_found" | "validation_failed" | "conflict" | "rate_limited" | "unavailable" | "internal";

const STATUS: Record<ApiErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  validation_failed: 400,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export const REQUEST_ID_RESPONSE_HEADER = "x-request-id";

export interface ErrorDetail {
  path: string;
  message: string;
}

function headers(requestId: string, extra: Record<string, string> = {}): Headers {
  // Responses may hold account data (and credentials): never cached anywhere.
  return new Headers({
    "content-type": "application/json; charset=utf-8",
    "cache-control": NO_STORE_UNCOMPRESSED,
    [REQUEST_ID_RESPONSE_HEADER]: requestId,
    ...extra,
  });
}

export function apiJson(body: unknown, requestId: string, status = 200, extra?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status, headers: headers(requestId, extra) });
}

export function apiError(
  code: ApiErrorCode,
  message: string,
  requestId: string,
  options: { details?: ErrorDetail[]; headers?: Record<string, string> } = {},
): Response {
  const error = { code, message, requestId, ...(options.details ? { details: options.details } : {}) };
  return new Response(JSON.stringify({ error }), { status: STATUS[code], headers: headers(requestId, options.headers) });
}

/** zod issues as `{ path, message }`, without echoing the rejected values. */
export function issuesToDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join(".") || "(root)", message: issue.message }));
}
