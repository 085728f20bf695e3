/**
 * The connect page as a customer lives through it: the form keeps what they
 * chose, the page says which account to sign in to before launching, opens the
 * "Stack failed or stuck?" panel when nothing arrives, confirms cancel and
 * start over, and gives every end state (connected, closed) its next step.
 */
import { expect, test, type Page } from "@playwright/test";
import { Client } from "pg";
import { signUp } from "./support/accounts";
import { connectThroughApi, expectLinkStatus, startLink } from "./support/connect";
import { deleteStack } from "./support/sandbox";

const ACCOUNT = "222233334444";
const VENDOR = "111111111111"; // the sandbox vendor account

/** Makes the link look as if it had waited for `minutes` (the page's timer is minutes long). */
async function backdate(connectionId: string, minutes: number): Promise<void> {
  const client = new Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`UPDATE connections SET created_at = created_at - make_interval(mins => $2) WHERE id = $1`, [connectionId, minutes]);
  } finally {
    await client.end();
  }
}

async function submit(page: Page, accountId: string, region: string): Promise<void> {
  await page.getByLabel("AWS account ID").fill(accountId);
  await page.getByLabel("Region").selectOption(region);
  await page.getByRole("button", { name: "Create launch link" }).click();
}

test("the form keeps the region after an error and refuses the vendor's own account", async ({ page }) => {
  await signUp(page);
  await submit(page, "2222-3333-444", "eu-west-1");
  await expect(page.getByText("An AWS account ID has exactly 12 digits")).toBeVisible();
  await expect(page.getByLabel("Region")).toHaveValue("eu-west-1");
  await expect(page.getByLabel("AWS account ID")).toHaveValue("2222-3333-444");

  await submit(page, VENDOR, "us-west-2");
  await expect(page.getByText("That is our own AWS account.")).toBeVisible();
  await expect(page.getByLabel("Region")).toHaveValue("us-west-2");
  await expect(page.getByText("Nothing in progress.")).toBeVisible();
});

test("waiting: which account to sign in to, the stuck panel, start over and cancel with a confirmation", async ({ page }) => {
  await signUp(page);
  const link = await startLink(page, ACCOUNT, "us-west-2");
  await expect(page).toHaveTitle(/^Launch your stack · 2222-3333-4444/);
  await expect(page.getByTestId("expected-account")).toHaveText("2222-3333-4444");
  const panel = page.getByTestId("silence-hints");
  await expect(panel).not.toHaveAttribute("open");

  // Minutes without a word from the stack: the panel opens by itself with the console's messages.
  await backdate(link.connectionId, 5);
  await page.reload();
  await expect(panel).toHaveAttribute("open");
  await expect(panel).toContainText("Nothing has reached rolelink from your stack yet.");
  await expect(panel).toContainText("not authorized to perform: SNS:Publish");
  await expect(panel).toContainText("Sign in to 2222-3333-4444");
  await expect(panel).toContainText("InsufficientCapabilities");
  await expect(panel).toContainText("switch the console to us-west-2");
  await page.screenshot({ path: "test-results/screens/connect-waiting-guidance.png", fullPage: true });

  // Start over: a new link (new External ID), the old one closed, and a confirmation.
  await panel.getByRole("button", { name: "Start over" }).click();
  await expect(page.getByTestId("toast")).toHaveText(/A new launch link is ready/);
  await expect(page).not.toHaveURL(new RegExp(link.connectionId));
  await expect(page).not.toHaveURL(/notice=/);
  const fresh = new URL(page.url()).pathname.split("/").at(-1)!;
  await page.goto(`/connect/${link.connectionId}`);
  await expect(page).toHaveTitle(/^Link closed/);
  await expect(page.getByTestId("closed-panel")).toContainText("You cancelled this launch link.");
  await expect(page.getByTestId("closed-panel")).toContainText(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2} UTC/);
  await expect(page.getByTestId("connection-status")).toHaveText("Disconnected");
  await expect(page.locator("li", { hasText: "Link created" })).not.toContainText("(failed)");

  // Cancel the new one: a confirmation on /connect.
  await page.goto(`/connect/${fresh}`);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Cancel this link" }).click();
  await expect(page).toHaveURL(/\/connect$/);
  await expect(page.getByTestId("toast")).toContainText("Link cancelled.");
});

test("connected: a success panel with the role to copy; a second link asks first; deleted: when and why, and Reconnect", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page);
  await startLink(page, "333344445555");
  const { stack } = await connectThroughApi(page, "333344445555");
  await expect(page).toHaveTitle(/^Connected · 3333-4444-5555/);
  const panel = page.getByTestId("connected-panel");
  await expect(panel.getByRole("heading", { name: "Account 3333-4444-5555 is connected" })).toBeVisible();
  const arn = await panel.getByTestId("role-arn").innerText();
  expect(arn).toMatch(/^arn:aws:iam::333344445555:role\//);
  await panel.getByRole("button", { name: "Copy role ARN" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(arn);
  await expect(panel.getByRole("link", { name: "Go to my accounts" })).toHaveAttribute("href", "/accounts");
  await page.screenshot({ path: "test-results/screens/connect-connected.png", fullPage: true });
  const connectedUrl = page.url();

  // The same account and region again: the form asks first.
  await panel.getByRole("link", { name: "Connect another account" }).click();
  await submit(page, "3333-4444-5555", "us-east-1");
  await expect(page.getByText("This account is already connected in this region.")).toBeVisible();
  await expect(page.getByRole("link", { name: "See the existing connection" })).toHaveAttribute("href", new URL(connectedUrl).pathname);
  await expect(page.getByLabel("AWS account ID")).toHaveValue("3333-4444-5555");

  // The stack is deleted: the page says so, with the time, and offers Reconnect.
  await page.goto(connectedUrl);
  await deleteStack(stack.stackId);
  await expectLinkStatus(page, "Disconnected");
  await expect(page.getByTestId("closed-panel")).toContainText("The stack was deleted in your AWS account");
  await expect(page).toHaveTitle(/^Link closed/);
  await page.screenshot({ path: "test-results/screens/connect-disconnected.png", fullPage: true });
  await page.getByRole("button", { name: "Reconnect" }).click();
  await expect(page.getByTestId("toast")).toHaveText(/A new launch link is ready/);
  await expectLinkStatus(page, "Waiting for stack");
});
