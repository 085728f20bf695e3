/**
 * An admin sets up the vendor's integration: an API key (shown once) that then
 * works against the production build's /api/v1 until revoked, and a webhook
 * endpoint (an internal URL is refused in production). The interactive API docs
 * are served. Both pages fit a 390 px screen.
 */
import { expect, test, type Page } from "@playwright/test";
import { adminCredentials, signIn } from "./support/accounts";
import { expectAccessible } from "./support/a11y";

async function fitsNarrowScreen(page: Page) {
  await page.setViewportSize({ width: 390, height: 844 });
  // The page's own content (the site header is another area's): nothing wider than the screen.
  const main = await page.evaluate(() => {
    const el = document.querySelector("main")!;
    return { scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right };
  });
  expect(main.scroll).toBeLessThanOrEqual(main.client);
  expect(main.right).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("API key: created and shown once, accepted by the API, refused once revoked", async ({ page, request }) => {
  const { email, password } = adminCredentials();
  await signIn(page, email, password);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
  await page.getByLabel("Name").fill("e2e scanner");
  await page.getByRole("checkbox", { name: /connections:read/ }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-api-key").locator("code");
  await expect(shown).toHaveText(/^rlk_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
  const key = (await shown.textContent())!;
  const prefix = key.slice(0, 14);

  const ok = await request.get("/api/v1/connections?limit=1", { headers: { authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  expect(ok.headers()["x-request-id"]).toBeTruthy();
  const forbidden = await request.post("/api/v1/connections/00000000-0000-4000-8000-000000000000/credentials", {
    headers: { authorization: `Bearer ${key}` },
    data: {},
  });
  expect(forbidden.status()).toBe(403);

  // Shown once: after a reload only the prefix is left.
  await page.reload();
  await expect(page.getByText(key)).toHaveCount(0);
  const row = page.getByTestId("api-key-row").filter({ hasText: prefix });
  await expect(row).toContainText("last used");
  await fitsNarrowScreen(page);
  await row.getByRole("button", { name: `Revoke key ${prefix}` }).click();
  await expect(row).toContainText("Revoked");
  const revoked = await request.get("/api/v1/connections", { headers: { authorization: `Bearer ${key}` } });
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()) as unknown).toMatchObject({ error: { code: "unauthorized" } });
});

test("webhook endpoint: an internal URL is refused in production; an https one is registered with its secret shown once", async ({
  page,
}) => {
  const { email, password } = adminCredentials();
  await signIn(page, email, password);
  await page.goto("/admin/webhooks");
  await page.getByLabel("Endpoint URL").fill("https://169.254.169.254/latest/meta-data");
  await page.getByRole("button", { name: "Register endpoint" }).click();
  await expect(page.getByText("The URL points at a private, loopback or link-local address.")).toBeVisible();
  await page.getByLabel("Endpoint URL").fill("https://hooks.example.com/rolelink");
  await page.getByRole("button", { name: "Register endpoint" }).click();
  await expect(page.getByTestId("new-webhook-secret").locator("code")).toHaveText(/^whsec_/);
  const endpoint = page.getByTestId("webhook-endpoint").filter({ hasText: "https://hooks.example.com/rolelink" });
  await expect(endpoint).toBeVisible();
  // No events for an endpoint nobody can reach from this closed network.
  await endpoint.getByRole("button", { name: /^Disable / }).click();
  await expect(endpoint).toContainText("Disabled");
  await fitsNarrowScreen(page);
  await endpoint.getByRole("link", { name: "https://hooks.example.com/rolelink" }).click();
  await expect(page.getByRole("heading", { name: "Delivery log" })).toBeVisible();
});

test("the API reference renders the operations from our own origin only, under the nonce CSP, and is accessible", async ({
  page,
  request,
}) => {
  // axe walks every operation and schema Scalar renders: a large page, slow on a busy 2-core machine.
  test.setTimeout(240_000);
  const doc = await request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");

  const base = new URL(test.info().project.use.baseURL!);
  const offOrigin: string[] = [];
  const violations: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol !== "data:" && url.protocol !== "blob:" && url.host !== base.host) offOrigin.push(r.url());
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/docs/api");
  expect(response!.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  await expect(page.getByText("List connections").first()).toBeVisible();
  await expect(page.getByText("Get temporary AWS credentials for a connection").first()).toBeVisible();
  await page.waitForLoadState("load");

  const bundle = await request.get((await page.locator("script[src]").first().getAttribute("src"))!);
  expect(bundle.headers()["cache-control"]).toContain("immutable");
  // The sidebar's search is a named button (Scalar marks it up as an unnamed search landmark).
  await expect(page.getByRole("button", { name: /Open Search/ })).toBeVisible();
  // Scalar's markup included: its ARIA faults are repaired on the page (lib/docs/api-reference.ts), nothing is excluded.
  await expectAccessible(page, "API reference");
  expect(offOrigin).toEqual([]);
  expect(violations).toEqual([]);
});
