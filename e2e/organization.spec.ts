/**
 * Connecting an AWS Organization end to end: the customer's form and launch
 * page, the organization stack in the sandbox's management account, member
 * stacks phoning home through the StackSet, the rollout view (N of M), an
 * account moved into the target OU connected automatically, one moved out
 * disconnected; and trusted access off, which the page explains.
 */
import { expect, test, type Page } from "@playwright/test";
import { signUp } from "./support/accounts";
import { createStack, sandboxUrl, waitForStack } from "./support/sandbox";

interface SandboxOrg {
  id: string;
  rootId: string;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(sandboxUrl(path), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return (await response.json()) as T;
}

/** An organization of its own per run: a management account, a target OU with three accounts, one parked outside it. */
async function newOrganization(prefix: string, trustedAccess = true) {
  const management = `${prefix}${String(Date.now()).slice(-8)}00`;
  const { organization } = await post<{ organization: SandboxOrg }>("api/organizations", {
    managementAccountId: management,
    stackSetsTrustedAccess: trustedAccess,
  });
  const unit = async (name: string) =>
    (await post<{ unit: { id: string } }>(`api/organizations/${organization.id}/units`, { parentId: organization.rootId, name })).unit.id;
  const target = await unit("Workloads");
  const parked = await unit("Parked");
  const account = (id: string, parentId: string) =>
    post(`api/organizations/${organization.id}/accounts`, { id, name: `a-${id}`, parentId });
  const members = [1, 2, 3].map((n) => management.slice(0, 11) + String(n));
  for (const id of members) await account(id, target);
  const outside = management.slice(0, 11) + "9";
  await account(outside, parked);
  return { organization, management, target, parked, members, outside };
}

/** Fills the form, then creates the organization stack exactly as its Launch Stack link says. */
async function connectOrganization(page: Page, management: string, target: string) {
  await page.goto("/connect");
  await page.getByRole("link", { name: "Connect an organization" }).click();
  await page.getByLabel("Management account ID").fill(management);
  await page.getByLabel("Only accounts under chosen organizational units").check();
  await page.getByLabel("OU IDs").fill(target);
  await page.getByRole("button", { name: "Create organization launch link" }).click();
  await expect(page).toHaveURL(/\/connect\/organization\/[0-9a-f-]{36}$/);
  const url = new URL((await page.getByTestId("launch-organization-stack").getAttribute("href"))!);
  const params = new URLSearchParams(url.hash.slice(url.hash.indexOf("?") + 1));
  const parameters = Object.fromEntries(
    [...params].filter(([key]) => key.startsWith("param_")).map(([key, value]) => [key.slice("param_".length), value]),
  );
  expect(parameters).toMatchObject({ OrganizationalUnitIds: target, CallAs: "SELF" });
  return createStack({
    accountId: management,
    region: url.searchParams.get("region")!,
    stackName: params.get("stackName")!,
    templateUrl: params.get("templateURL")!,
    parameters,
  });
}

test("a customer connects an organization; accounts moved in and out follow", async ({ page }) => {
  // Three stack waves through the StackSet on a shared machine.
  test.setTimeout(240_000);
  const org = await newOrganization("93");
  await signUp(page);
  // An OU ID in the wrong shape is refused inline.
  await page.goto("/connect/organization");
  await page.getByLabel("Management account ID").fill(org.management);
  await page.getByLabel("Only accounts under chosen organizational units").check();
  await page.getByLabel("OU IDs").fill("ou-NOT-valid");
  await page.getByRole("button", { name: "Create organization launch link" }).click();
  await expect(page.getByText("Each target is a root ID (r-…) or an OU ID (ou-…-…).")).toBeVisible();

  const stack = await connectOrganization(page, org.management, org.target);
  await expect(page.getByRole("heading", { name: /trusted access for CloudFormation StackSets/ })).toBeVisible();
  await expect(page.getByTestId("organization-template-review")).toBeVisible();
  await waitForStack(stack.stackId, "CREATE_COMPLETE");

  const summary = page.getByTestId("rollout-summary");
  await expect(summary).toHaveText("4 of 4 accounts connected", { timeout: 60_000 });
  const row = (account: string) => page.locator(`[data-testid="rollout-account"][data-account="${account}"]`);
  await expect(row(org.management)).toContainText("Management account");

  // Moved into the target OU: the StackSet deploys there and the account reports in by itself.
  await post(`api/organizations/${org.organization.id}/accounts/${org.outside}/move`, { destinationParentId: org.target });
  await expect(summary).toHaveText("5 of 5 accounts connected", { timeout: 60_000 });
  await expect(row(org.outside)).toContainText("Connected");

  // Moved out: its stack is deleted and that account alone is disconnected.
  await post(`api/organizations/${org.organization.id}/accounts/${org.members[0]}/move`, { destinationParentId: org.parked });
  await expect(row(org.members[0]!)).toContainText("Disconnected", { timeout: 60_000 });
  // M comes from Organizations, read at most every 15 s per link.
  await expect(summary).toHaveText("4 of 4 accounts connected", { timeout: 45_000 });
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.screenshot({ path: "docs/images/organization-rollout.png", fullPage: true });
});

test("trusted access for StackSets disabled: the page says so", async ({ page }) => {
  test.setTimeout(300_000);
  const org = await newOrganization("94", false);
  await signUp(page);
  const stack = await connectOrganization(page, org.management, org.target);
  // PhoneHome is answered first (a new role is assumable only after IAM propagation), then the StackSet fails and
  // the rollback's Delete is answered too: two round trips through rolelink, slow at the end of a long run.
  await waitForStack(stack.stackId, "ROLLBACK_COMPLETE", 180_000);
  await expect(page.getByText("Your organization stack rolled back, so no member account was connected.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/trusted access for CloudFormation StackSets is not enabled/)).toBeVisible();
});
