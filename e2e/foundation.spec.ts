import { expect, test } from "@playwright/test";

test("the landing page explains rolelink and offers sign-up and sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("without handing over a single access key");
  await expect(page.getByText("Access keys", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign up and connect" })).toHaveAttribute("href", "/signup");
  await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/signin");
  await page.screenshot({ path: "test-results/screens/landing.png", fullPage: true });
});

test("/api/health reports the database ok", async ({ page }) => {
  const response = await page.goto("/api/health");
  expect(response?.status()).toBe(200);
  const body = JSON.parse(await page.locator("body").innerText());
  expect(body).toMatchObject({ status: "ok", database: { status: "ok" } });
});
