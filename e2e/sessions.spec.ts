/**
 * Sessions that end: sign-out and "sign out everywhere" refuse a replayed
 * cookie, sign-in never leaves the site whatever callbackUrl says, and the
 * forbidden page answers 403.
 */
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { PASSWORD, signOut, signUp, uniqueEmail } from "./support/accounts";

async function replay(browser: Browser, cookies: Awaited<ReturnType<BrowserContext["cookies"]>>) {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto("/accounts");
  return { page, close: () => context.close() };
}

test("sign-out ends the session on the server: a saved copy of the cookie is refused", async ({ page, browser }) => {
  await signUp(page);
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.includes("next-auth.session-token"))).toBe(true);

  // While signed in, the copy works like the original.
  const before = await replay(browser, cookies);
  await expect(before.page).toHaveURL(/\/accounts$/);
  await before.close();

  await signOut(page);
  const after = await replay(browser, cookies);
  await expect(after.page).toHaveURL(/\/signin\?callbackUrl=/);
  expect((await after.page.request.get("/api/connections/00000000-0000-4000-8000-000000000000/progress")).status()).toBe(404);
  await after.close();
});

test("your sessions: revoke another browser, then sign out everywhere", async ({ page, browser }) => {
  const email = await signUp(page);
  // A second browser signs in to the same account.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(`/signin?${new URLSearchParams({ email })}`);
  await expect(otherPage.getByLabel("Email")).toHaveValue(email);
  await otherPage.getByLabel("Password").fill(PASSWORD);
  await otherPage.getByRole("button", { name: "Sign in" }).click();
  await expect(otherPage).toHaveURL(/\/connect$/);

  await page.goto("/account/security");
  const rows = page.getByTestId("session-row");
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasNotText: "This browser" }).getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("session-row")).toHaveCount(1);
  await otherPage.goto("/accounts");
  await expect(otherPage).toHaveURL(/\/signin/);

  const cookies = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  const replayed = await replay(browser, cookies);
  await expect(replayed.page).toHaveURL(/\/signin\?callbackUrl=/);
  await replayed.close();
  await other.close();
});

test("sign-in never sends the user off-site, whatever callbackUrl says", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const email = uniqueEmail("redirect");
  await signUp(page, email);
  await signOut(page);
  // Through the real form, with a path that normalises to a scheme-relative URL.
  await page.goto(`/signin?${new URLSearchParams({ callbackUrl: "/.//evil.example/launch-stack" })}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${origin}/connect`);

  for (const callbackUrl of [
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "/..//evil.example",
    "/%2e%2e//evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
  ]) {
    await page.goto(`/signin/continue?${new URLSearchParams({ callbackUrl })}`);
    await expect(page, callbackUrl).toHaveURL(`${origin}/connect`);
  }
  // A genuine same-site path is followed.
  await page.goto(`/signin/continue?${new URLSearchParams({ callbackUrl: "/accounts" })}`);
  await expect(page).toHaveURL(`${origin}/accounts`);
});

test("a customer sent to /forbidden gets a 403", async ({ page }) => {
  await signUp(page);
  const direct = await page.goto("/forbidden");
  expect(direct?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "This area is for rolelink administrators" })).toBeVisible();
  const viaAdmin = await page.goto("/admin");
  await expect(page).toHaveURL(/\/forbidden$/);
  expect(viaAdmin?.status()).toBe(403);
});
