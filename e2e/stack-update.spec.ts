/**
 * Create → update → delete on the previous template version: a stack made
 * with template 1.0.0 (its role cannot describe its stack) connects on the
 * older check; the customer updates it to the current template in the console
 * ("Use the current template"), the link stays Connected and from then on is
 * confirmed from inside the account; deleting the stack disconnects it.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInAsAdmin, signUp } from "./support/accounts";
import { connectThroughApi, expectConsoleStatus, expectLinkStatus, startLink } from "./support/connect";
import { sandboxUrl } from "./support/sandbox";

const ACCOUNT = "3333-5555-0002";
const ACCOUNT_ID = ACCOUNT.replace(/-/g, "");
const CONFIRMED = "AssumeRole with the External ID, then DescribeStacks and DescribeStackResource in the customer's account";

/** A definition list's value for a term (the admin page and the console both use <dl>). */
const valueOf = (page: Page, term: string) => page.locator("dt", { hasText: term }).locator("+ dd");

test("a stack on the previous template is updated to the current one in the console, then deleted", async ({ page, context, browser }) => {
  test.setTimeout(150_000);
  await signUp(page);
  await startLink(page, ACCOUNT);
  const { link, stack } = await connectThroughApi(page, ACCOUNT_ID, "legacy-1.0.0");
  expect(stack.templateVersion).toBe("1.0.0");

  const { admin, close } = await signInAsAdmin(browser);
  await admin.goto(`/admin/accounts/${link.connectionId}`);
  await expect(valueOf(admin, "Template version")).toHaveText("1.0.0");
  await expect(admin.getByTestId("timeline")).toContainText("accepted on the older, weaker check");

  // The customer finds the stack in the console and updates it to the current template, parameters unchanged.
  const consolePage = await context.newPage();
  await consolePage.goto(sandboxUrl("cloudformation/home?region=us-east-1#/stacks").toString());
  await consolePage.getByRole("link", { name: link.stackName }).click();
  await expectConsoleStatus(consolePage, "CREATE_COMPLETE");
  await consolePage.getByRole("button", { name: "Update stack" }).click();
  await expect(consolePage.getByText("This stack runs template version 1.0.0; the current template is version 1.1.0.")).toBeVisible();
  await consolePage.getByLabel("Use the current template").check();
  await consolePage.getByRole("button", { name: "Update stack" }).click();
  await expectConsoleStatus(consolePage, "UPDATE_COMPLETE");
  await expect(valueOf(consolePage, "Template version")).toHaveText("1.1.0");

  await page.reload();
  await expectLinkStatus(page, "Connected");
  await admin.reload();
  await expect(valueOf(admin, "Template version")).toHaveText("1.1.0");
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
