/**
 * A passkey as the admin's second factor, in a real browser: Chromium's
 * virtual authenticator (over CDP) stands in for the device. The admin adds a
 * passkey, signs out, and signs in again with password + passkey.
 */
import { expect, test } from "@playwright/test";
import { adminCredentials, signIn, signOut } from "./support/accounts";

test("the admin enrols a passkey and signs in with password + passkey", async ({ page }) => {
  test.setTimeout(120_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const { email, password } = adminCredentials();
  await signIn(page, email, password);

  await page.goto("/account/mfa");
  await page.getByLabel("Passkey name").fill("Test laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Passkey added.")).toBeVisible();
  await expect(page.getByTestId("passkey-list")).toContainText("Test laptop");
  await signOut(page);

  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin\/mfa/);
  // Password alone does not open the admin area.
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/signin\/mfa/);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Connected accounts" })).toBeVisible();
  await page.goto("/account/mfa");
  await expect(page.getByTestId("passkey-list")).toContainText("last used");
});
