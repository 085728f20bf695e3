/**
 * CloudFormation requests hold a presigned S3 ResponseURL: anyone with its
 * query string can answer for the stack. Shown to admins only without it.
 */
const MAX_DEPTH = 8;

export const REDACTED_QUERY = "?[redacted]";

/** Drops the query string (and fragment) of anything that parses as an http(s) URL. */
export function redactUrl(value: string): string {
  if (!/^https?:\/\//i.test(value)) return value;
  try {
    const url = new URL(value);
    if (!url.search && !url.hash) return value;
    return `${url.origin}${url.pathname}${url.search ? REDACTED_QUERY : ""}`;
  } catch {
    // Not a URL after all; still never show a presigned signature.
    return value.replace(/\?.*$/s, REDACTED_QUERY);
  }
}

export function redactRequest(payload: unknown, depth = 0): unknown {
  if (typeof payload === "string") return redactUrl(payload);
  if (depth >= MAX_DEPTH || payload === null || typeof payload !== "object") return payload;
  if (Array.isArray(payload)) return payload.map((item) => redactRequest(item, depth + 1));
  return Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, redactRequest(value, depth + 1)]));
}
