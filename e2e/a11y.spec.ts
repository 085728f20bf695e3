/**
 * Every page the journeys visit, checked with axe (no serious or critical WCAG
 * 2 A/AA violation) and for sideways scrolling, at 1280 px and at 390 px; plus
 * the small-screen header menu. The per-page summary is in the test's
 * annotations (and printed).
 */
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signInAsAdmin, signUp } from "./support/accounts";
import { connectThroughApi, startLink } from "./support/connect";
import { expectAccessible, WIDTHS } from "./support/a11y";

const CURRENT_TEMPLATE = /TemplateVersion: "(\d+\.\d+\.\d+)"/.exec(readFileSync("cloudformation/rolelink-role.yaml", "utf8"))![1]!;

test.afterEach(() => {
  for (const note of test.info().annotations.filter((a) => a.type === "axe")) console.log(`axe: ${note.description}`);
});

test("signed-out pages", async ({ page }) => {
  test.setTimeout(240_000);
  for (const [name, path] of [
    ["landing", "/"],
    ["sign in", "/signin"],
    ["sign up", "/signup"],
    ["not found", "/no-such-page"],
    ["template review (public)", `/review/${CURRENT_TEMPLATE}`],
    ["superseded template review", "/review/1.1.0"],
  ] as const) {
    await page.goto(path);
    await expectAccessible(page, name);
  }
});

test("a customer's pages, from the first link to connected", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page);
  await expectAccessible(page, "connect");
  await startLink(page, "555566667777");
  await expectAccessible(page, "connect: waiting for the stack");
  await connectThroughApi(page, "555566667777");
  await expect(page.getByTestId("connected-panel")).toBeVisible();
  await expectAccessible(page, "connect: connected");
  await page.goto("/accounts");
  await expectAccessible(page, "my accounts");
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Go to my accounts" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Sign up/ })).toHaveCount(0);
  await expectAccessible(page, "landing, signed in");
  await page.goto("/admin");
  await expectAccessible(page, "forbidden");
});

test("the admin pages", async ({ browser }) => {
  test.setTimeout(240_000);
  const { admin, close } = await signInAsAdmin(browser);
  await admin.goto("/admin");
  await expectAccessible(admin, "admin: connections");
  const first = admin.getByTestId("account-cell").getByRole("link").first();
  if (await first.count()) {
    await first.click();
    await expect(admin.getByRole("heading", { name: /^AWS account/ })).toBeVisible();
    await expectAccessible(admin, "admin: account");
  }
  await admin.goto("/admin/audit");
  await expectAccessible(admin, "admin: audit log");
  await admin.goto("/admin/refused");
  await expectAccessible(admin, "admin: refused messages");
  await admin.goto("/admin/api-keys");
  await expectAccessible(admin, "admin: API keys");
  await admin.goto("/admin/webhooks");
  await expectAccessible(admin, "admin: webhooks");
  await close();
});

test("on a phone the header is one line with a menu, and the admin list skips to its results", async ({ browser }) => {
  const { admin, close } = await signInAsAdmin(browser);
  await admin.setViewportSize(WIDTHS.mobile);
  await admin.goto("/admin");
  const nav = admin.getByRole("navigation", { name: "Main" });
  expect((await nav.boundingBox())!.height).toBeLessThan(64);
  await expect(nav.getByRole("link", { name: "My accounts" })).toBeHidden();
  const menu = nav.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByText(/^Signed in as admin@/)).toBeVisible();
  await nav.getByRole("link", { name: "Admin" }).click();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await admin.screenshot({ path: "test-results/screens/admin-390.png", fullPage: true });

  // Keyboard, from a fresh load: the first Tab stop is "Skip to content"; inside main, "Skip to results".
  await admin.goto("/admin");
  await admin.keyboard.press("Tab");
  await expect(admin.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await admin.getByRole("link", { name: "Skip to results" }).focus();
  await admin.keyboard.press("Enter");
  await expect(admin.locator("#results")).toBeFocused();
  await close();
});
