/**
 * The whole journey against a production build and the local AWS sandbox:
 * sign up → connect → Launch Stack → Create stack in the sandbox console →
 * Connected without a reload → an admin verifies access → the customer deletes
 * the stack → Disconnected. Then the failure paths: an edited TrustedAccount
 * rolls the stack back with our Reason, and replayed or forged messages change nothing.
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { adminCredentials, signIn, signUp } from "./support/accounts";

const ACCOUNT = "2222-3333-4444";
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/journey-${name}.png`, fullPage: true });

async function startLink(page: Page): Promise<void> {
  await page.goto("/connect");
  await page.getByLabel("AWS account ID").fill(ACCOUNT);
  await page.getByLabel("Region").selectOption("us-east-1");
  await page.getByRole("button", { name: "Create launch link" }).click();
  await expect(page).toHaveURL(/\/connect\/[0-9a-f-]{36}$/);
}

async function openConsole(context: BrowserContext, page: Page): Promise<Page> {
  const [consolePage] = await Promise.all([context.waitForEvent("page"), page.getByTestId("launch-stack").click()]);
  await expect(consolePage.getByRole("heading", { name: "Quick create stack" })).toBeVisible();
  return consolePage;
}

async function createStack(consolePage: Page): Promise<void> {
  await consolePage.getByLabel("I acknowledge that AWS CloudFormation might create IAM resources.").check();
  await consolePage.getByRole("button", { name: "Create stack" }).click();
}

const sandbox = () => process.env.E2E_SANDBOX_URL!;

test.describe.configure({ mode: "serial" });

test("connect, verify, disconnect, and the failure paths", async ({ page, context, browser }) => {
  test.setTimeout(180_000);
  await signUp(page);
  await startLink(page);
  await shot(page, "1-launch");
  const connectUrl = page.url();

  // Launch Stack opens the (sandbox) console in a new tab with everything filled in.
  const consolePage = await openConsole(context, page);
  await expect(consolePage.getByLabel("AWS account (sandbox)")).toHaveValue("222233334444");
  await shot(consolePage, "2-console");
  await createStack(consolePage);
  await expect(consolePage.getByRole("status")).toContainText("CREATE_COMPLETE", { timeout: 30_000 });
  await shot(consolePage, "3-stack-complete");

  // Back on rolelink: Connected, without a reload.
  await page.bringToFront();
  expect(page.url()).toBe(connectUrl);
  await expect(page.getByTestId("connection-status")).toHaveText("Connected", { timeout: 30_000 });
  await expect(page.getByTestId("progress-message")).toContainText("Connected");
  await shot(page, "4-connected");

  // An admin sees the account and verifies access through the same role.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const { email, password } = adminCredentials();
  await signIn(admin, email, password);
  await admin.goto("/admin?q=222233334444&status=connected");
  await admin.getByRole("link", { name: "222233334444" }).first().click();
  await admin.getByRole("button", { name: "Verify access" }).click();
  await expect(admin.getByTestId("verify-result")).toContainText("arn:aws:sts::222233334444:assumed-role/");
  await shot(admin, "5-admin-verified");

  // Replayed and forged deliveries of the Create request change nothing.
  const deliveries = (await (await fetch(new URL("api/deliveries", sandbox()))).json()) as {
    deliveries: Array<{ id: string; type: string; body: string }>;
  };
  const create = deliveries.deliveries.find((d) => d.type === "Notification" && d.body.includes("\\\"RequestType\\\":\\\"Create\\\""))!;
  const resend = async (kind: "replay" | "forge") => {
    const response = await fetch(new URL(`api/deliveries/${create.id}/${kind}`, sandbox()), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    return ((await response.json()) as { delivery: { attempts: Array<{ status?: number }> } }).delivery.attempts.at(-1)?.status;
  };
  expect(await resend("replay")).toBe(200); // a duplicate MessageId: acknowledged, nothing done
  expect(await resend("forge")).toBe(403); // a new MessageId under the old signature: refused
  await page.reload();
  await expect(page.getByTestId("connection-status")).toHaveText("Connected");

  // The customer deletes the stack: Disconnected.
  await consolePage.bringToFront();
  consolePage.once("dialog", (dialog) => void dialog.accept());
  await consolePage.getByRole("button", { name: "Delete stack" }).click();
  await expect(consolePage.getByRole("status")).toContainText("DELETE_COMPLETE", { timeout: 30_000 });
  await page.bringToFront();
  await expect(page.getByTestId("connection-status")).toHaveText("Disconnected", { timeout: 30_000 });
  await shot(page, "6-disconnected");

  // Failure path: the customer edits TrustedAccount; the stack rolls back with our Reason.
  await startLink(page);
  const editedConsole = await openConsole(context, page);
  await editedConsole.getByLabel("TrustedAccount").fill("999999999999");
  await createStack(editedConsole);
  await expect(editedConsole.getByRole("status")).toContainText("ROLLBACK_COMPLETE", { timeout: 60_000 });
  await expect(editedConsole.getByText(/AWS refused to let rolelink assume this role/).first()).toBeVisible();
  await shot(editedConsole, "7-rollback");
  await page.bringToFront();
  await expect(page.getByTestId("connection-status")).toHaveText("Failed", { timeout: 30_000 });
  await expect(page.getByTestId("progress-message")).toContainText("AWS refused to let rolelink assume this role");
  await expect(page.getByRole("button", { name: "Start over with a new link" })).toBeVisible();
  await shot(page, "8-failed");
  await adminContext.close();
});
