import { expect, type Browser, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { completeSecondFactor } from "./mfa";
import { linkIn, waitForMail } from "./mail";

export const PASSWORD = "correct horse battery staple";

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

export const VERIFY_SUBJECT = "Confirm your email for rolelink";

/** Sign-up's form only: ends on "Check your inbox" (the same answer for new and existing emails). */
export async function submitSignUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
}

/** Opens the verification link mailed to `email` (through the local mail catcher). */
export async function verifyEmailFromInbox(page: Page, email: string): Promise<void> {
  await page.goto(linkIn(await waitForMail(email, VERIFY_SUBJECT)));
  await expect(page.getByText("Your email is confirmed.")).toBeVisible();
}

/** Signs up through the real forms, confirms the email from the mail, signs in; ends on /connect. */
export async function signUp(page: Page, email = uniqueEmail("customer")): Promise<string> {
  await submitSignUp(page, email);
  await verifyEmailFromInbox(page, email);
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/connect$/);
  return email;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/(connect|admin|signin\/mfa|account\/mfa)/);
  // Admins enrol a second factor at their first sign-in, and prove it at every sign-in.
  await completeSecondFactor(page, email);
  // Customers land on /connect, admins on /admin.
  await expect(page).toHaveURL(/\/(connect|admin)/);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
}

export function adminCredentials() {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password) throw new Error("run through `npm run test:e2e` (E2E_ADMIN_EMAIL/PASSWORD)");
  return { email, password };
}

/** The admin in a browser context of their own (the customer stays signed in elsewhere). */
export async function signInAsAdmin(browser: Browser): Promise<{ admin: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const admin = await context.newPage();
  const { email, password } = adminCredentials();
  await signIn(admin, email, password);
  return { admin, close: () => context.close() };
}
