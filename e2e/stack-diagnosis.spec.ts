/**
 * The stacks that would leave a customer "waiting forever": created in the
 * wrong AWS account, with an edited ExternalId, or with an edited SnsTopicArn.
 * None of them changes the link (it stays "Waiting for stack"); each time the
 * connect page says in words what happened and what to do, and the admin sees
 * the same (the diagnosis on the account page, or a refused message).
 */
import { expect, test } from "@playwright/test";
import { signInAsAdmin, signUp } from "./support/accounts";
import { createStackInConsole, expectConsoleStatus, expectLinkStatus, openConsole, startLink } from "./support/connect";

// Accounts of their own, so other specs' links and stacks never meet these.
const WRONG = { entered: "2222-5555-0001", signedInTo: "7777-5555-0001" };
const EDITED_EXTERNAL_ID = "2222-5555-0002";
const EDITED_TOPIC = "2222-5555-0003";
const digits = (account: string) => account.replace(/-/g, "");

test("a stack created in another AWS account: the link keeps waiting and says which account to sign in to", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(120_000);
  await signUp(page);
  // The customer's second link, for the account they are really signed in to: it lets that account publish to rolelink.
  const other = await startLink(page, WRONG.signedInTo);
  const link = await startLink(page, WRONG.entered);

  const consolePage = await openConsole(context, page, WRONG.signedInTo);
  await createStackInConsole(consolePage);
  await expectConsoleStatus(consolePage, "ROLLBACK_COMPLETE");
  await expect(consolePage.getByText(/This stack runs in account 7777…/).first()).toBeVisible();

  await page.bringToFront();
  const message = page.getByTestId("progress-message");
  await expect(message).toContainText(
    `A stack for this link was created in AWS account ${digits(WRONG.signedInTo)}, but this link is for account ${digits(WRONG.entered)}.`,
    { timeout: 30_000 },
  );
  await expect(message).toContainText(`sign in to account ${digits(WRONG.entered)} in the AWS console`);
  await expectLinkStatus(page, "Waiting for stack");
  await expect(page.getByTestId("launch-stack")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/diagnosis-wrong-account.png", fullPage: true });

  // The other link is untouched: its account's stack never named it.
  await page.goto(`/connect/${other.connectionId}`);
  await expectLinkStatus(page, "Waiting for stack");
  await expect(page.getByTestId("progress-message")).toHaveText("Waiting for you to create the stack in your AWS console.");

  const { admin, close } = await signInAsAdmin(browser);
  await admin.goto(`/admin/accounts/${link.connectionId}`);
  await expect(admin.locator("header [data-status]")).toHaveAttribute("data-status", "pending");
  await expect(admin.getByTestId("diagnosis")).toContainText(
    `created in AWS account ${digits(WRONG.signedInTo)}, but this link is for account ${digits(WRONG.entered)}`,
  );
  await expect(admin.getByTestId("timeline")).toContainText("Security check rejected a request: account_mismatch (Create)");
  await admin.goto(`/admin/accounts/${other.connectionId}`);
  await expect(admin.getByTestId("diagnosis")).toHaveCount(0);
  await close();
});

test("a stack with an edited ExternalId: the link says its stack was refused; admins find the refused message", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(120_000);
  await signUp(page);
  const link = await startLink(page, EDITED_EXTERNAL_ID);

  const consolePage = await openConsole(context, page, EDITED_EXTERNAL_ID);
  await createStackInConsole(consolePage, { ExternalId: "typed-over-by-the-customer-0123456789" });
  await expectConsoleStatus(consolePage, "ROLLBACK_COMPLETE");
  await expect(consolePage.getByText(/This External ID was not issued by rolelink for account 2222…/).first()).toBeVisible();

  await page.bringToFront();
  const message = page.getByTestId("progress-message");
  await expect(message).toContainText(
    `Your stack ${link.stackName} reached rolelink with a different ExternalId than the one issued for this link`,
    {
      timeout: 30_000,
    },
  );
  await expect(message).toContainText("Delete that stack, then click Launch Stack again and create it without editing the parameters.");
  await expectLinkStatus(page, "Waiting for stack");
  await page.screenshot({ path: "test-results/screens/diagnosis-edited-external-id.png", fullPage: true });

  // The request named no link, so it is listed under Refused messages, not on an account.
  const { admin, close } = await signInAsAdmin(browser);
  await admin.goto("/admin");
  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Refused messages" }).click();
  await expect(admin.getByRole("heading", { name: "Refused messages" })).toBeVisible();
  const row = admin
    .getByTestId("refused-row")
    .filter({ hasText: `:stack/${link.stackName}/` })
    .filter({ hasText: "Create" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(digits(EDITED_EXTERNAL_ID));
  await expect(row).toContainText("unknown_external_id");
  // The pending link it was meant for carries the diagnosis.
  await admin.goto(`/admin/accounts/${link.connectionId}`);
  await expect(admin.locator("header [data-status]")).toHaveAttribute("data-status", "pending");
  await expect(admin.getByTestId("diagnosis")).toContainText(`Your stack ${link.stackName} reached rolelink with a different ExternalId`);
  await close();
});

test("a stack with an edited SnsTopicArn never reaches rolelink: the connect page lists why, SnsTopicArn included", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(120_000);
  await signUp(page);
  const link = await startLink(page, EDITED_TOPIC);

  const consolePage = await openConsole(context, page, EDITED_TOPIC);
  await createStackInConsole(consolePage, { SnsTopicArn: "arn:aws:sns:us-east-1:111111111111:rolelink-typo" });
  await expectConsoleStatus(consolePage, "ROLLBACK_COMPLETE");
  await expect(consolePage.getByText(/Failed to publish to arn:aws:sns:us-east-1:111111111111:rolelink-typo/).first()).toBeVisible();

  // Nothing arrived, so the page cannot know; it offers the usual causes, folded until opened.
  await page.bringToFront();
  await page.reload();
  await expectLinkStatus(page, "Waiting for stack");
  await expect(page.getByTestId("progress-message")).toHaveText("Waiting for you to create the stack in your AWS console.");
  const hints = page.getByTestId("silence-hints");
  const cause = hints.getByText("Invalid service token, Failed to publish, or “not in the stack's region”");
  await expect(hints).not.toHaveAttribute("open");
  await expect(cause).toBeHidden();
  await hints.getByText("Stack failed or stuck?").focus();
  await page.keyboard.press("Enter");
  await expect(hints).toHaveAttribute("open");
  await expect(cause).toBeVisible();
  await expect(hints).toContainText("the SnsTopicArn parameter was edited");
  await expect(hints).toContainText("Delete the rolled-back stack, then click Launch Stack again");
  await page.screenshot({ path: "test-results/screens/diagnosis-silence-hints.png", fullPage: true });

  // rolelink really heard nothing: no request and no diagnosis on the account page.
  const { admin, close } = await signInAsAdmin(browser);
  await admin.goto(`/admin/accounts/${link.connectionId}`);
  await expect(admin.getByTestId("timeline")).toContainText("Launch link created");
  await expect(admin.getByTestId("timeline")).not.toContainText("CloudFormation request received");
  await expect(admin.getByTestId("diagnosis")).toHaveCount(0);
  await close();
});
