/**
 * The customer's side of connecting, as a person does it: a launch link on
 * rolelink, the stack in the sandbox CloudFormation console, and what the
 * connect page then says.
 */
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { createStack, waitForStack, type SandboxStack } from "./sandbox";

export interface LaunchLink {
  connectionId: string;
  region: string;
  stackName: string;
  templateUrl: string;
  /** The param_* values of the quick-create link (ExternalId, TrustedAccount, SnsTopicArn). */
  parameters: Record<string, string>;
}

/** Creates (or reuses) the launch link for an account; ends on /connect/<id>. */
export async function startLink(page: Page, accountId: string, region = "us-east-1"): Promise<LaunchLink> {
  await page.goto("/connect");
  await page.getByLabel("AWS account ID").fill(accountId);
  await page.getByLabel("Region").selectOption(region);
  await page.getByRole("button", { name: "Create launch link" }).click();
  await expect(page).toHaveURL(/\/connect\/[0-9a-f-]{36}$/);
  return launchLinkOn(page);
}

/** What the connect page's Launch Stack button carries. */
export async function launchLinkOn(page: Page): Promise<LaunchLink> {
  const href = await page.getByTestId("launch-stack").getAttribute("href");
  const url = new URL(href!);
  const params = new URLSearchParams(url.hash.slice(url.hash.indexOf("?") + 1));
  return {
    connectionId: new URL(page.url()).pathname.split("/").at(-1)!,
    region: url.searchParams.get("region")!,
    stackName: params.get("stackName")!,
    templateUrl: params.get("templateURL")!,
    parameters: Object.fromEntries([...params].filter(([k]) => k.startsWith("param_")).map(([k, v]) => [k.slice("param_".length), v])),
  };
}

/**
 * Launch Stack opens the (sandbox) console in a new tab, on the quick-create
 * review. The link cannot say which AWS account the browser is signed in to
 * (the sandbox merely guesses the last account rolelink allowed to publish), so
 * the customer "signs in" to `signedInTo` here.
 */
export async function openConsole(context: BrowserContext, page: Page, signedInTo: string): Promise<Page> {
  const [consolePage] = await Promise.all([context.waitForEvent("page"), page.getByTestId("launch-stack").click()]);
  await expect(consolePage.getByRole("heading", { name: "Quick create stack" })).toBeVisible();
  await consolePage.getByLabel("AWS account (sandbox)").fill(signedInTo.replace(/-/g, ""));
  return consolePage;
}

/** Fills the review form's fields by label (e.g. a parameter the customer edited), ticks the IAM box and creates the stack. */
export async function createStackInConsole(consolePage: Page, edits: Record<string, string> = {}): Promise<void> {
  for (const [label, value] of Object.entries(edits)) await consolePage.getByLabel(label, { exact: true }).fill(value);
  await consolePage.getByLabel("I acknowledge that AWS CloudFormation might create IAM resources.").check();
  await consolePage.getByRole("button", { name: "Create stack" }).click();
}

/** The console's stack view settles on `status` (exactly: UPDATE_ROLLBACK_COMPLETE is not UPDATE_COMPLETE). */
export async function expectConsoleStatus(consolePage: Page, status: string, timeout = 60_000): Promise<void> {
  await expect(consolePage.getByRole("status")).toHaveText(`Status: ${status}`, { timeout });
}

export async function expectLinkStatus(page: Page, label: string, timeout = 30_000): Promise<void> {
  await expect(page.getByTestId("connection-status")).toHaveText(label, { timeout });
}

/**
 * The stack made straight through the sandbox API from the page's launch link
 * (e.g. with the previous template version, which the console cannot do): the
 * connect page shows Connected, and the stack is CREATE_COMPLETE (rolelink's
 * answer has reached CloudFormation).
 */
export async function connectThroughApi(
  page: Page,
  accountId: string,
  templateVariant: "current" | "legacy-1.0.0" = "current",
): Promise<{ link: LaunchLink; stack: SandboxStack }> {
  const link = await launchLinkOn(page);
  const created = await createStack({
    accountId,
    region: link.region,
    stackName: link.stackName,
    templateUrl: link.templateUrl,
    parameters: link.parameters,
    templateVariant,
  });
  await expectLinkStatus(page, "Connected");
  return { link, stack: await waitForStack(created.stackId, "CREATE_COMPLETE") };
}
