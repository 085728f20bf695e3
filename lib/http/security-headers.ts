/**
 * Security headers for pages, set per request by proxy.ts: a nonce-based
 * Content-Security-Policy (Next.js's documented pattern: Next reads the nonce
 * from the request's CSP header and puts it on its own scripts), HSTS on an
 * https origin, and a Permissions-Policy that turns off what we never use.
 * Static headers for every response (nosniff, frame, referrer) stay in next.config.
 */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
  "interest-cohort=()",
  // Passkeys are created and used on our own origin only.
  "publickey-credentials-create=(self)",
  "publickey-credentials-get=(self)",
].join(", ");

export function newNonce(): string {
  return Buffer.from(crypto.randomUUID()).toString("base64");
}

/**
 * Pages whose third-party UI injects <style> elements and style attributes it
 * cannot put a nonce on (the Scalar API reference). They get inline styles;
 * scripts stay nonce-only. A nonce in style-src would turn 'unsafe-inline' off.
 */
const INLINE_STYLE_PAGES = new Set(["/docs/api"]);

export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean; pathname?: string }): string {
  const inlineStyles = options.pathname !== undefined && INLINE_STYLE_PAGES.has(options.pathname);
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    inlineStyles ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only on https: on a loopback http origin it would break every asset.
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Two years, subdomains included: the value the HSTS preload list asks for. */
export const HSTS = "max-age=63072000; includeSubDomains; preload";
