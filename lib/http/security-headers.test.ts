import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, PERMISSIONS_POLICY } from "./security-headers";

describe("security headers", () => {
  it("a fresh, unguessable nonce per request", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
  });

  it("CSP: scripts only with the nonce, no eval in production, no framing, no plugins", () => {
    const csp = contentSecurityPolicy("abc", { dev: false, https: true });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("abc", { dev: false, https: false })).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("abc", { dev: true, https: false })).toContain("'unsafe-eval'");
  });

  it("CSP: only the API reference page gets inline styles, and never inline scripts or a third-party host", () => {
    expect(contentSecurityPolicy("abc", { dev: false, https: true, pathname: "/admin" })).toContain("style-src 'self' 'nonce-abc'");
    const docs = contentSecurityPolicy("abc", { dev: false, https: true, pathname: "/docs/api" });
    expect(docs).toContain("style-src 'self' 'unsafe-inline'");
    expect(docs).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(docs).not.toMatch(/https?:\/\//);
  });

  it("Permissions-Policy turns off sensors, camera and microphone; passkeys stay on our origin", () => {
    expect(PERMISSIONS_POLICY).toContain("camera=()");
    expect(PERMISSIONS_POLICY).toContain("microphone=()");
    expect(PERMISSIONS_POLICY).toContain("publickey-credentials-get=(self)");
  });
});
