/**
 * Hostile strings typed into sign-up, sign-in and connect: each gets a clear
 * error, nothing is stored, and nothing is rendered as markup (no dialog ever
 * fires, no injected element appears, echoed input is shown as plain text).
 */
import { expect, test, type Page } from "@playwright/test";
import { Client } from "pg";
import { signUp } from "./support/accounts";

const XSS = [`"><img src=x onerror=alert(1)>`, "<script>alert(1)</script>", "<svg/onload=alert(1)>"];
const HOSTILE_EMAILS = [
  ...XSS.map((x) => `${x}@example.test`),
  "ｔｅｓｔ＠ｅｘａｍｐｌｅ．ｔｅｓｔ",
  `${"a".repeat(300)}@example.test`,
  "😀".repeat(40),
];

function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

async function expectNoInjectedMarkup(page: Page): Promise<void> {
  await expect(page.locator('img[src="x"], svg[onload]')).toHaveCount(0);
  expect(await page.locator("script").evaluateAll((nodes) => nodes.filter((n) => n.textContent?.includes("alert(1)")).length)).toBe(0);
}

async function hostileUsers(): Promise<number> {
  const client = new Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM users WHERE email ~ '[<>"]' OR length(email) > 254 OR email ~ '[^\\x00-\\x7F]'`,
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

test("sign-up: hostile emails and an over-long password get clear errors; no account, no markup, no dialog", async ({ page }) => {
  const dialogs = watchDialogs(page);
  await page.goto("/signup");
  for (const email of HOSTILE_EMAILS) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText(/^(Enter a valid email address\.|Email is too long\.)$/)).toBeVisible();
    await expect(page).toHaveURL(/\/signup$/);
    await expectNoInjectedMarkup(page);
  }
  await page.getByLabel("Email").fill("long-password@example.test");
  await page.getByLabel("Password").fill("p".repeat(5000));
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(/^Use at most \d+ characters\.$/)).toBeVisible();
  expect(await hostileUsers()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("sign-in: hostile credentials get the generic refusal, rendered as text", async ({ page }) => {
  const dialogs = watchDialogs(page);
  await page.goto("/signin");
  // The browser's own email check would stop these before the server sees them: let them through.
  await page.locator("form").evaluate((form) => ((form as HTMLFormElement).noValidate = true));
  for (const [email, password] of [
    ...HOSTILE_EMAILS.map((e) => [e, "x"]),
    ["nobody@example.test", XSS[0]!],
    ["nobody@example.test", "p".repeat(5000)],
  ]) {
    await page.getByLabel("Email").fill(email!);
    await page.getByLabel("Password").fill(password!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
    await expect(page).toHaveURL(/\/signin/);
    await expectNoInjectedMarkup(page);
  }
  expect(dialogs).toEqual([]);
});

test("connect: hostile account IDs get the inline error, create nothing, and are echoed back as a plain value", async ({ page }) => {
  const dialogs = watchDialogs(page);
  await signUp(page);
  for (const value of [...XSS, "１２３４５６７８９０１２", "1234 5678 9012 <b>x</b>", "9".repeat(64)]) {
    await page.getByLabel("AWS account ID").fill(value);
    await page.getByRole("button", { name: "Create launch link" }).click();
    await expect(page.getByText(/^An AWS account ID has exactly 12 digits/)).toBeVisible();
    await expect(page.getByLabel("AWS account ID")).toHaveValue(value);
    await expect(page).toHaveURL(/\/connect$/);
    await expectNoInjectedMarkup(page);
  }
  await expect(page.getByText("Nothing in progress.")).toBeVisible();
  expect(dialogs).toEqual([]);
});
