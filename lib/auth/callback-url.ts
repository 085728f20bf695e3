/**
 * Where to go after sign-in: only a path on this site, and only one that is
 * still a path on this site after URL normalisation. `/.//evil.example` is a
 * same-origin URL whose pathname normalises to `//evil.example`, which a
 * browser (or router) then reads as a scheme-relative URL: an open redirect.
 */

// Any origin works: only "does it stay on this origin" matters.
const BASE = "https://rolelink.invalid";
const MAX_LENGTH = 2048;

function sameOriginPath(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  return url.pathname + url.search;
}

function looksLikePath(value: string): boolean {
  // A single leading slash, then no slash or backslash: "//x" and "/\x" are scheme-relative.
  // No control characters or whitespace (browsers strip tabs and newlines inside URLs).
  return value.startsWith("/") && !/^\/[/\\]/.test(value) && !/[\u0000-\u0020\u007f]/.test(value);
}

export function safeCallbackPath(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  if (!looksLikePath(value)) return fallback;
  const normalised = sameOriginPath(value);
  if (normalised === null || !looksLikePath(normalised)) return fallback;
  // Normalising again must change nothing: a path that keeps shifting is not followed.
  if (sameOriginPath(normalised) !== normalised) return fallback;
  return normalised;
}

/** Where a user lands after sign-in when nothing (or nothing safe) was asked for. */
export function homeFor(role: "customer" | "admin"): string {
  return role === "admin" ? "/admin" : "/connect";
}
