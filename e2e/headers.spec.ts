/**
 * Security headers as a browser receives them (production build): a nonce CSP
 * that the app's own scripts satisfy (no violations while using it),
 * Permissions-Policy, the frame/sniff/referrer headers; a cross-site server
 * action is a 403 with a sentence, not a 500; small JSON answers are not gzipped.
 */
import { expect, test } from "@playwright/test";
import { signUp } from "./support/accounts";

test("every page carries a per-request nonce CSP that the app's own scripts satisfy", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  const first = await page.goto("/");
  const second = await page.request.get("/");
  const csp = first!.headers()["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  const nonce = csp.match(/'nonce-([^']+)'/)![1]!;
  const scriptNonces = await page.locator("script[src]").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(scriptNonces.every((n) => n === nonce)).toBe(true);
  const headers = first!.headers();
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");

  // The app still works under the policy: sign up, and the connect page is interactive.
  await signUp(page);
  await page.getByLabel("AWS account ID").fill("123456789012");
  await expect(page.getByLabel("AWS account ID")).toHaveValue("123456789012");
  expect(violations).toEqual([]);
});

test("a server action posted from another site is refused with 403 and a clear message", async ({ request }) => {
  const response = await request.post("/signup", {
    headers: { "next-action": "0".repeat(40), origin: "https://evil.example", "content-type": "text/plain;charset=UTF-8" },
    data: "[]",
  });
  expect(response.status()).toBe(403);
  expect(await response.text()).toMatch(/sent from another site/);
});

test("small JSON answers are not gzipped (no zlib per response), while pages still are", async ({ request }) => {
  const gzip = { "accept-encoding": "gzip" };
  for (const path of ["/api/health", "/api/auth/csrf", "/api/v1/connections"]) {
    const response = await request.get(path, { headers: gzip });
    expect(response.headers()["content-encoding"], path).toBeUndefined();
    expect(response.headers()["cache-control"], path).toBe("no-store, no-transform");
  }
  const page = await request.get("/", { headers: gzip });
  expect(page.headers()["content-encoding"]).toBe("gzip");
});
