/**
 * The whole journey against a production build and the local AWS sandbox:
 * sign up → connect → Launch Stack → Create stack in the sandbox console →
 * Connected without a reload → an admin verifies access → replayed or forged
 * deliveries change nothing → a stack update rolelink refuses rolls back and the
 * link stays Connected → the customer deletes the stack → Disconnected. The
 * vendor's side sees it too: the sandbox's webhook inbox, registered by the admin
 * with one click, receives connection.connected and connection.disconnected,
 * each with a verified Standard Webhooks signature. Then an
 * edited TrustedAccount: the stack rolls back with our Reason, and the link keeps
 * waiting for a good stack, with that Reason as its diagnosis.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInAsAdmin, signUp } from "./support/accounts";
import { createStackInConsole, expectConsoleStatus, expectLinkStatus, openConsole, startLink } from "./support/connect";
import { deliveryOf, findStack, resendDelivery } from "./support/sandbox";
import { expectInboxEvent, registerSandboxInbox } from "./support/webhook-inbox";

const ACCOUNT = "2222-3333-4444";
const ACCOUNT_ID = ACCOUNT.replace(/-/g, "");
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/journey-${name}.png`, fullPage: true });

test("create, verify, update and delete a stack; an edited TrustedAccount leaves the link waiting with a diagnosis", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(300_000);
  // The vendor's receiver: the admin registers the sandbox inbox before anything happens.
  const { admin, close: closeAdmin } = await signInAsAdmin(browser);
  await registerSandboxInbox(admin);
  const inbox = await admin.context().newPage();
  await inbox.goto((await admin.getByRole("link", { name: "Open the sandbox inbox" }).getAttribute("href"))!);
  await signUp(page);
  const link = await startLink(page, ACCOUNT);
  await shot(page, "1-launch");
  const connectUrl = page.url();

  // Launch Stack opens the (sandbox) console in a new tab with everything filled in.
  const consolePage = await openConsole(context, page, ACCOUNT);
  await expect(consolePage.getByLabel("Stack name", { exact: true })).toHaveValue(link.stackName);
  for (const [name, value] of Object.entries(link.parameters))
    await expect(consolePage.getByLabel(name, { exact: true })).toHaveValue(value);
  await shot(consolePage, "2-console");
  await createStackInConsole(consolePage);
  await expectConsoleStatus(consolePage, "CREATE_COMPLETE", 30_000);
  await shot(consolePage, "3-stack-complete");

  // Back on rolelink: Connected, without a reload.
  await page.bringToFront();
  expect(page.url()).toBe(connectUrl);
  await expectLinkStatus(page, "Connected");
  await expect(page.getByTestId("progress-message")).toContainText("Connected");
  await shot(page, "4-connected");

  // The vendor's receiver got connection.connected for this link, signed.
  await expectInboxEvent(inbox, link.connectionId, "connection.connected");
  await shot(inbox, "4b-inbox-connected");

  // An admin sees the account and verifies access through the same role.
  await admin.goto(`/admin?q=${ACCOUNT_ID}&status=connected`);
  await admin.getByRole("link", { name: ACCOUNT_ID }).first().click();
  await admin.getByRole("button", { name: "Verify access" }).click();
  await expect(admin.getByTestId("verify-result")).toContainText(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/`);
  await shot(admin, "5-admin-verified");

  // Replayed and forged deliveries of this stack's Create request change nothing.
  const stack = await findStack(link.stackName, ACCOUNT_ID);
  const create = await deliveryOf(stack.stackId, "Create");
  expect(await resendDelivery(create.id, "replay")).toBe(200); // a duplicate MessageId: acknowledged, nothing done
  expect(await resendDelivery(create.id, "forge")).toBe(403); // a new MessageId under the old signature: refused
  await page.reload();
  await expectLinkStatus(page, "Connected");

  // The customer updates the stack with an edited ExternalId: rolelink refuses it,
  // CloudFormation rolls the update back, and the link keeps its working role.
  await consolePage.bringToFront();
  await consolePage.getByRole("button", { name: "Update stack" }).click();
  await expect(consolePage.getByRole("heading", { name: `Update stack ${link.stackName}` })).toBeVisible();
  await expect(consolePage.getByLabel("ExternalId", { exact: true })).toHaveValue(link.parameters.ExternalId!);
  await consolePage.getByLabel("ExternalId", { exact: true }).fill("edited-by-the-customer-0123456789abcdef");
  await consolePage.getByRole("button", { name: "Update stack" }).click();
  await expectConsoleStatus(consolePage, "UPDATE_ROLLBACK_COMPLETE");
  await expect(consolePage.getByText(/This External ID was not issued by rolelink/).first()).toBeVisible();
  await expect(consolePage.getByRole("row", { name: "ExternalId" })).toContainText(link.parameters.ExternalId!);
  await shot(consolePage, "5b-update-rolled-back");
  await page.bringToFront();
  await page.reload();
  await expectLinkStatus(page, "Connected");
  await expect(page.getByTestId("progress-message")).toContainText("Connected. We can assume your role with your External ID.");
  // …and the role still works with the External ID rolelink issued.
  await admin.reload();
  await admin.getByRole("button", { name: "Verify access" }).click();
  await expect(admin.getByText("Access verified.")).toBeVisible();
  await expect(admin.locator("header [data-status]")).toHaveAttribute("data-status", "connected");

  // The customer deletes the stack: Disconnected.
  await consolePage.bringToFront();
  await consolePage.getByRole("button", { name: "Delete stack" }).click();
  await expectConsoleStatus(consolePage, "DELETE_COMPLETE", 30_000);
  await page.bringToFront();
  await expectLinkStatus(page, "Disconnected");
  await shot(page, "6-disconnected");
  await expectInboxEvent(inbox, link.connectionId, "connection.disconnected");
  await shot(inbox, "6b-inbox-disconnected");

  // The customer edits TrustedAccount: rolelink cannot assume the role, so the stack
  // rolls back with our Reason; the link is not failed but keeps waiting, saying why.
  const retry = await startLink(page, ACCOUNT);
  const editedConsole = await openConsole(context, page, ACCOUNT);
  await createStackInConsole(editedConsole, { TrustedAccount: "999999999999" });
  await expectConsoleStatus(editedConsole, "ROLLBACK_COMPLETE");
  await expect(editedConsole.getByText(/AWS refused to let rolelink assume this role/).first()).toBeVisible();
  await shot(editedConsole, "7-rollback");
  await page.bringToFront();
  await expect(page.getByTestId("progress-message")).toContainText("AWS refused to let rolelink assume this role", { timeout: 30_000 });
  await expect(page.getByTestId("progress-message")).toContainText(
    "Check that the stack kept the TrustedAccount, TrustedRoleName and ExternalId from rolelink",
  );
  // Inside the polite live region (announced once), styled as an error.
  await expect(page.getByRole("status").filter({ has: page.getByTestId("progress-message") })).toBeVisible();
  await expectLinkStatus(page, "Waiting for stack");
  await expect(page.getByTestId("launch-stack")).toBeVisible(); // the same link can be launched again
  await expect(page.getByRole("button", { name: "Start over with a new link" })).toHaveCount(0);
  await shot(page, "8-diagnosis");

  // The admin sees the same diagnosis on the account page; the link is still pending.
  await admin.goto(`/admin/accounts/${retry.connectionId}`);
  await expect(admin.locator("header [data-status]")).toHaveAttribute("data-status", "pending");
  await expect(admin.getByTestId("diagnosis")).toContainText("AWS refused to let rolelink assume this role");
  await expect(admin.getByTestId("timeline")).toContainText("A request for this link could not be trusted");
  await closeAdmin();
});
