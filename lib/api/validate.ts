/** Parse a request's query or body with its zod schema; a failure becomes a 400 in the API's error shape. */
import type { z } from "zod";
import { apiError, issuesToDetails } from "./responses";

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, requestId: string, what: string): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    response: apiError("validation_failed", `The ${what} is not valid.`, requestId, { details: issuesToDetails(result.error) }),
  };
}

/** Each query parameter once: a repeated one is a 400, not silently the first or last. */
export function queryObject(request: Request): Record<string, string> | null {
  const params = new URL(request.url).searchParams;
  const result: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in result) return null;
    result[key] = value;
  }
  return result;
}
