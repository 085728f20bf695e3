/**
 * The admin dashboard as a new admin would use it: seeded accounts (inserted
 * straight into the e2e database), filtering and paging, a verification the
 * sandbox STS refuses and one it accepts (a role created through the real
 * customer journey: launch link → sandbox CloudFormation stack → SNS → app),
 * and the audit CSV. A customer is refused.
 */
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { adminCredentials, signIn, signUp } from "./support/accounts";
import { startLink } from "./support/connect";
import { createStack } from "./support/sandbox";

const PREFIX = "9999"; // seeded accounts are 9999 0000 0001 … 9999 0000 0120
const SEEDED = 120;
const REFUSED_ACCOUNT = "999900000001";
const JOURNEY_ACCOUNT = "444455556666";

async function seed(): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("run through `npm run test:e2e` (E2E_DATABASE_URL)");
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const email = `seeded-${randomUUID().slice(0, 8)}@example.test`;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO users (id, email, password_hash, role, updated_at) VALUES (gen_random_uuid(), $1, '!no-login', 'customer', now()) RETURNING id`,
      [email],
    );
    // Every 10th is broken; none of these roles exist in the sandbox STS, so verifying one is refused.
    // In eu-west-1, where no other spec writes the topic policy: a seeded row never went through a link, so it
    // holds no statement there, and 120 live accounts in one region would be past AWS's 100-statement limit
    // the first time an organization's grant rewrites that policy (and re-grants every live account).
    await client.query(
      `INSERT INTO connections (id, owner_id, account_id, region, external_id, status, role_arn, connected_at, created_at, updated_at)
       SELECT gen_random_uuid(), $1, $2 || lpad(g::text, 8, '0'), 'eu-west-1', 'e2e-seeded-' || g || '-' || md5(random()::text),
              (CASE WHEN g % 10 = 0 THEN 'broken' ELSE 'connected' END)::"ConnectionStatus",
              'arn:aws:iam::' || $2 || lpad(g::text, 8, '0') || ':role/deleted-role', now() - g * interval '1 hour', now() - g * interval '1 hour', now()
       FROM generate_series(1, $3::int) g`,
      [rows[0]!.id, PREFIX, SEEDED],
    );
  } finally {
    await client.end();
  }
}

/** The real customer journey: a launch link, then the stack created in the sandbox CloudFormation. */
async function connectThroughSandbox(page: Page): Promise<void> {
  await signUp(page);
  const link = await startLink(page, JOURNEY_ACCOUNT);
  await createStack({
    accountId: JOURNEY_ACCOUNT,
    region: link.region,
    stackName: link.stackName,
    templateUrl: link.templateUrl,
    parameters: link.parameters,
  });
}

test("a customer who opens the admin area is refused", async ({ page }) => {
  await signUp(page);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/forbidden$/);
  const csv = await page.request.get("/admin/audit/export", { maxRedirects: 0 });
  expect(csv.status()).not.toBe(200);
  expect(await csv.text()).not.toContain("time_utc");
});

test("an admin finds, pages, verifies and audits connected accounts", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await seed();
  const customer = await browser.newContext();
  await connectThroughSandbox(await customer.newPage());

  const admin = adminCredentials();
  await signIn(page, admin.email, admin.password);
  await page.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Connected accounts" })).toBeVisible();
  expect(Number((await page.getByTestId("count-total").innerText()).replace(/,/g, ""))).toBeGreaterThanOrEqual(SEEDED);

  // Search by part of the account ID (applied as it is typed) and page through 120 rows: 50 + 50 + 20.
  await page.getByLabel("Search").fill(`${PREFIX}-0000`);
  await expect(page).toHaveURL(/q=9999-0000/);
  const rows = page.getByTestId("connection-row");
  const accounts = page.getByTestId("account-cell");
  await expect(rows).toHaveCount(50);
  await expect(page.getByTestId("list-range")).toHaveText(`1–50 of ${SEEDED}`);
  const firstPage = await accounts.allInnerTexts();
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByTestId("list-range")).toHaveText(`51–100 of ${SEEDED}`);
  const secondPage = await accounts.allInnerTexts();
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(rows).toHaveCount(20);
  await expect(page.getByText("End of list")).toBeVisible();
  const all = [...firstPage, ...secondPage, ...(await accounts.allInnerTexts())];
  expect(new Set(all).size).toBe(SEEDED);
  expect(all[0]).toBe(REFUSED_ACCOUNT); // newest first
  await page.screenshot({ path: "test-results/screens/admin-table.png", fullPage: true });

  // One filter state: a tile keeps the search, marks itself and sets the drop-down; the drop-down applies on change.
  await page.getByRole("link", { name: /^Broken/ }).click();
  await expect(page).toHaveURL(/status=broken/);
  await expect(page).toHaveURL(/q=9999-0000/);
  await expect(page.getByRole("link", { name: /^Broken/ })).toHaveAttribute("aria-current", "true");
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("broken");
  await expect(page).toHaveTitle(/^Admin · Connections: Broken matching “9999-0000”/);
  await expect(rows).toHaveCount(SEEDED / 10);
  await expect(rows.locator('[data-status="broken"]')).toHaveCount(SEEDED / 10);
  await page.getByLabel("Search").fill(PREFIX);
  await expect(page).toHaveURL(/q=9999(&|$)/);
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("broken");
  await expect(rows).toHaveCount(SEEDED / 10);
  await page.getByLabel("Status", { exact: true }).selectOption("connected");
  await expect(page).toHaveURL(/status=connected/);
  await expect(page.getByTestId("list-range")).toHaveText(`1–50 of ${SEEDED - SEEDED / 10}`);
  await page.getByLabel("Per page").selectOption("100");
  await expect(rows).toHaveCount(100);

  // Sortable headers: account ID ascending, then descending.
  await page.getByRole("link", { name: /^Account/ }).click();
  await expect(page.getByRole("columnheader", { name: /Account/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(accounts.first()).toHaveText("999900000001");
  await page.getByRole("link", { name: /^Account/ }).click();
  await expect(page.getByRole("columnheader", { name: /Account/ })).toHaveAttribute("aria-sort", "descending");
  await expect(accounts.first()).toHaveText("999900000119");

  // The export has exactly what the list shows: the same filter, every page.
  const [listExport] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(listExport.suggestedFilename()).toMatch(/^rolelink-connections-connected-\d{4}-\d{2}-\d{2}\.csv$/);
  const exported = readFileSync(await listExport.path(), "utf8")
    .trimEnd()
    .split("\r\n");
  expect(exported).toHaveLength(1 + SEEDED - SEEDED / 10);
  expect(exported[1]).toMatch(/^999900000119,eu-west-1,connected,seeded-/);

  // A role the sandbox STS does not know: refused, with the reason in words, and the account becomes broken.
  await page.goto(`/admin?q=${REFUSED_ACCOUNT}`);
  await page.getByRole("link", { name: REFUSED_ACCOUNT }).click();
  await expect(page.getByRole("heading", { name: `AWS account ${REFUSED_ACCOUNT}` })).toBeVisible();
  await page.getByRole("button", { name: "Verify access" }).click();
  const outcome = page.getByTestId("verify-outcome");
  await expect(outcome).toHaveAttribute("role", "status");
  await expect(outcome).toContainText("AWS refused to let rolelink assume the role");
  await expect(outcome).toContainText("the External ID no longer matches");
  // Focus stays on the button (a disabled button would have dropped it to <body>).
  await expect(page.getByRole("button", { name: "Verify access" })).toBeFocused();
  await page.reload();
  await expect(page.locator("header [data-status]")).toHaveAttribute("data-status", "broken");
  await expect(page.getByTestId("timeline")).toContainText("Access verification failed");
  await expect(page.getByTestId("timeline")).toContainText(`Admin ${admin.email}`);
  // Back in the list, the reason is the row's second line: no scrolling sideways to find it.
  await page.goto(`/admin?q=${PREFIX}&status=broken`);
  const reason = page.getByTestId("connection-reason").first();
  await expect(reason).toContainText("AWS refused to let rolelink assume the role");
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.screenshot({ path: "test-results/screens/admin-triage-1280.png" });

  // The role created through the sandbox journey: verified, with what STS proved.
  await expect(async () => {
    await page.goto(`/admin?q=${JOURNEY_ACCOUNT}&status=connected`);
    await expect(rows).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
  await page.getByRole("link", { name: JOURNEY_ACCOUNT }).click();
  await expect(page).toHaveTitle(`Admin · ${JOURNEY_ACCOUNT} (Connected) · rolelink`);
  await page.getByRole("button", { name: "Verify access" }).click();
  const result = page.getByTestId("verify-result");
  await expect(result).toContainText(`arn:aws:sts::${JOURNEY_ACCOUNT}:assumed-role/`);
  await expect(result).toContainText(JOURNEY_ACCOUNT);
  await expect(page.getByText("Access verified.")).toBeVisible();
  // The hand-off profile gets credentials from rolelink's broker: no External ID in it.
  const profile = page.getByText(/^\[profile rolelink-444455556666\]/);
  await expect(profile).toContainText("credential_process = rolelink credentials --connection ");
  await expect(profile).not.toContainText("external_id");
  await expect(page.getByTestId("timeline")).toContainText("Connected");
  await expect(page.getByTestId("timeline")).toContainText("CloudFormation request received");
  await expect(page.getByText("?[redacted]").first()).toBeVisible();
  await expect(page.getByText("X-Amz-Signature")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/admin-account.png", fullPage: true });

  // The audit log: onboarding's AssumeRole by the system, then the admin's; exported as CSV.
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("AWS account ID").fill(JOURNEY_ACCOUNT);
  await page.getByRole("button", { name: "Filter" }).click();
  const audit = page.getByTestId("audit-row");
  await expect(audit.first()).toContainText(admin.email);
  await expect(audit.first()).toContainText("admin check");
  await expect(audit.first()).toContainText("Succeeded");
  await expect(page.getByTestId("audit-row").filter({ hasText: "onboarding" }).first()).toContainText("system");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^rolelink-audit-444455556666-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), "utf8").split("\r\n");
  expect(csv[0]).toBe("time_utc,account_id,connection_id,who,why,outcome,code,message,role_arn,assumed_role_arn");
  expect(csv[1]).toContain(`,${JOURNEY_ACCOUNT},`);
  expect(csv[1]).toContain(`,${admin.email},admin check,succeeded,`);
  expect(csv.every((line) => !line.includes(REFUSED_ACCOUNT))).toBe(true);

  // Verify all: the fleet job runs in the background; progress reads "n of N", and the seeded roles break.
  await page.goto("/admin");
  await page.getByRole("button", { name: "Verify all" }).click();
  await expect(page.getByTestId("fleet-progress")).toHaveText(
    /^Last run: (\d+) of \1 verified, [1-9]\d* OK, \d{3,} failed \(finished \d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2} UTC\)$/,
    { timeout: 60_000 },
  );
  // Once the run is over, nothing still says "queued".
  await expect(page.getByText("Verification of every connected account has been queued.")).toHaveCount(0);
  await page.goto(`/admin?q=${PREFIX}&status=connected`);
  await expect(page.getByText("No connections match.")).toBeVisible();
  await customer.close();
});
