/**
 * Create → update → delete on an older template version: a stack made with
 * template 1.0.0 (its role cannot describe its stack) connects on the older
 * check; the customer's page says an update is available and what changes,
 * its link opens the console's Update wizard on the current template, the link
 * stays Connected and from then on is confirmed from inside the account;
 * deleting the stack disconnects it.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { signInAsAdmin, signUp } from "./support/accounts";
import { connectThroughApi, expectConsoleStatus, expectLinkStatus, startLink } from "./support/connect";

const ACCOUNT = "3333-5555-0002";
const ACCOUNT_ID = ACCOUNT.replace(/-/g, "");
const CURRENT = /TemplateVersion: "(\d+\.\d+\.\d+)"/.exec(readFileSync("cloudformation/rolelink-role.yaml", "utf8"))![1]!;
const CONFIRMED = "AssumeRole with the External ID, then DescribeStacks and DescribeStackResource in the customer's account";

/** A definition list's value for a term (the admin page and the console both use <dl>). */
const valueOf = (page: Page, term: string) => page.locator("dt", { hasText: term }).locator("+ dd");

test("a stack on an older template is offered the update, updated through its link, then deleted", async ({ page, context, browser }) => {
  test.setTimeout(150_000);
  await signUp(page);
  await startLink(page, ACCOUNT);
  const { link, stack } = await connectThroughApi(page, ACCOUNT_ID, "legacy-1.0.0");
  expect(stack.templateVersion).toBe("1.0.0");

  const { admin, close } = await signInAsAdmin(browser);
  await admin.goto(`/admin/accounts/${link.connectionId}`);
  await expect(valueOf(admin, "Template version")).toHaveText("1.0.0");
  await expect(admin.getByTestId("timeline")).toContainText("accepted on the older, weaker check");

  // The customer's page offers the update, says what changes, and opens the console's Update wizard on the new template.
  const offer = page.getByTestId("template-update");
  await expect(offer.getByRole("heading", { name: `Update available: template 1.0.0 to ${CURRENT}` })).toBeVisible();
  await expect(offer).toContainText("Trusts one role in rolelink's account");
  await expect(offer).toContainText("Adds rolelink-confirm-this-stack");
  await expect(offer).toContainText("aws cloudformation update-stack");
  const [consolePage] = await Promise.all([context.waitForEvent("page"), offer.getByTestId("update-stack").click()]);
  await expect(consolePage.getByRole("heading", { name: `Update stack ${link.stackName}` })).toBeVisible();
  await expect(consolePage.getByText(`This stack runs template version 1.0.0; the current template is version ${CURRENT}.`)).toBeVisible();
  await expect(consolePage.getByLabel("Use the current template")).toBeChecked();
  await consolePage.getByRole("button", { name: "Update stack" }).click();
  await expectConsoleStatus(consolePage, "UPDATE_COMPLETE");
  await expect(valueOf(consolePage, "Template version")).toHaveText(CURRENT);

  await page.reload();
  await expectLinkStatus(page, "Connected");
  await expect(page.getByTestId("stack-template-version")).toHaveText(CURRENT);
  await expect(page.getByTestId("template-update")).toHaveCount(0);
  await admin.reload();
  await expect(valueOf(admin, "Template version")).toHaveText(CURRENT);
  await expect(admin.getByTestId("timeline")).toContainText(`Stack update confirmed: role unchanged; ${CONFIRMED}`);
  await expect(admin.locator("header [data-status]")).toHaveAttribute("data-status", "connected");

  // Deleting the stack disconnects; the Delete is now confirmed from inside the account too.
  await consolePage.getByRole("button", { name: "Delete stack" }).click();
  await expectConsoleStatus(consolePage, "DELETE_COMPLETE");
  await expectLinkStatus(page, "Disconnected");
  await admin.reload();
  await expect(admin.getByTestId("timeline")).toContainText(`Disconnected: ${CONFIRMED}`);
  await close();
});
