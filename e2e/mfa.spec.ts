/**
 * Two-step sign-in in the browser: a customer enrols an authenticator app,
 * then every sign-in asks for a code (or a one-time recovery code); the admin
 * cannot reach /admin without a second factor.
 */
import { expect, test, type Page } from "@playwright/test";
import { adminCredentials, PASSWORD, signIn, signOut, signUp } from "./support/accounts";
import { enrolTotp, freshCode } from "./support/mfa";

async function passwordStep(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin\/mfa/);
}

test("a customer turns on two-step sign-in; sign-in then needs a code or a recovery code", async ({ page }) => {
  test.setTimeout(150_000);
  const email = await signUp(page);
  await page.goto("/account/mfa");
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toHaveCount(0);
  const recoveryCodes = await enrolTotp(page, email);
  expect(recoveryCodes).toHaveLength(10);
  await page.goto("/account/mfa");
  await expect(page.getByTestId("totp-status")).toBeVisible();
  await signOut(page);

  // Password alone is not enough: every signed-in page sends back to the second step.
  await passwordStep(page, email);
  await page.goto("/accounts");
  await expect(page).toHaveURL(/\/signin\/mfa\?callbackUrl=%2Faccounts/);
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not valid" })).toBeVisible();
  await page.getByLabel("Authentication code").fill(await freshCode(email));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/accounts$/);
  await signOut(page);

  // A recovery code works once.
  await passwordStep(page, email);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/connect$/);
  await signOut(page);
  await passwordStep(page, email);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not valid or has been used" })).toBeVisible();
});

test("the admin area needs a second factor: enrolled at first sign-in, proven at every sign-in", async ({ page }) => {
  test.setTimeout(120_000);
  const { email, password } = adminCredentials();
  // Password step only: the admin area is not reachable yet.
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/(signin\/mfa|account\/mfa)/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/(signin\/mfa|account\/mfa)/);
  expect((await page.request.get("/admin/audit/export", { maxRedirects: 0 })).status()).not.toBe(200);
  // Completing the second factor opens it.
  await page.context().clearCookies();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/admin/);
  await expect(page.getByRole("heading", { name: "Connected accounts" })).toBeVisible();
});
