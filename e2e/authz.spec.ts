/**
 * Authorization matrix for pages, in the browser against the production
 * build: anonymous, customer A, customer B and admin each try every page
 * (and the session-bound route handlers). Customers never see another's
 * connection or anything of the admin area.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { adminCredentials, signIn, signUp } from "./support/accounts";

const ACCOUNT_A = "741852963012";

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("pages and session-bound routes: anonymous → sign in, customers → only their own, admin → everything", async ({ browser }) => {
  // The admin's sign-in now includes the second factor (enrolment the first time).
  test.setTimeout(240_000);
  // Customer A creates a launch link: the connection everyone else tries to reach.
  const a = await freshPage(browser);
  await signUp(a);
  await a.getByLabel("AWS account ID").fill(ACCOUNT_A);
  await a.getByLabel("Region").selectOption("us-east-1");
  await a.getByRole("button", { name: "Create launch link" }).click();
  await expect(a).toHaveURL(/\/connect\/[0-9a-f-]{36}$/);
  const idA = a.url().split("/").pop()!;
  const externalIdA = new URL((await a.getByTestId("launch-stack").getAttribute("href"))!).hash.match(/param_ExternalId=([^&]+)/)![1]!;
  await a.goto("/accounts");
  await expect(a.getByRole("link", { name: ACCOUNT_A })).toBeVisible();
  expect((await a.request.get(`/api/connections/${idA}/progress`)).status()).toBe(200);

  // Anonymous: every signed-in page sends to sign in; nothing of A's is served.
  const anon = await freshPage(browser);
  for (const path of ["/connect", "/accounts", `/connect/${idA}`, "/admin", "/admin/audit", "/admin/refused", `/admin/accounts/${idA}`]) {
    await anon.goto(path);
    await expect(anon, path).toHaveURL(/\/signin\?callbackUrl=/);
    expect(await anon.content()).not.toContain(ACCOUNT_A);
  }
  expect((await anon.request.get(`/api/connections/${idA}/progress`)).status()).toBe(404);
  const anonCsv = await anon.request.get("/admin/audit/export", { maxRedirects: 0 });
  expect(anonCsv.status()).not.toBe(200);
  for (const path of ["/", "/signin", "/signup"]) expect((await anon.goto(path))?.status(), path).toBe(200);

  // Customer B: A's link is "not found", B's lists are empty of it, the admin area is forbidden.
  const b = await freshPage(browser);
  await signUp(b);
  await b.goto(`/connect/${idA}`);
  await expect(b.getByRole("heading", { name: "Not found" })).toBeVisible();
  for (const path of [`/connect/${idA}`, "/accounts", "/connect"]) {
    await b.goto(path);
    const html = await b.content();
    expect(html, path).not.toContain(ACCOUNT_A);
    expect(html, path).not.toContain(externalIdA);
  }
  for (const path of ["/admin", "/admin/audit", "/admin/refused", `/admin/accounts/${idA}`]) {
    await b.goto(path);
    await expect(b, path).toHaveURL(/\/forbidden$/);
    expect(await b.content()).not.toContain(ACCOUNT_A);
  }
  expect((await b.request.get(`/api/connections/${idA}/progress`)).status()).toBe(404);
  const bCsv = await b.request.get("/admin/audit/export", { maxRedirects: 0 });
  expect(bCsv.status()).not.toBe(200);
  expect(await bCsv.text()).not.toContain("time_utc");

  // Customer A is a customer too: no admin area.
  await a.goto("/admin");
  await expect(a).toHaveURL(/\/forbidden$/);

  // The admin sees A's connection in the table and on its own page.
  const admin = await freshPage(browser);
  const { email, password } = adminCredentials();
  await signIn(admin, email, password);
  await admin.goto(`/admin?q=${ACCOUNT_A}`);
  await expect(admin.getByTestId("connection-row").filter({ hasText: ACCOUNT_A })).toHaveCount(1);
  await admin.goto(`/admin/accounts/${idA}`);
  await expect(admin.getByRole("heading", { name: new RegExp(`AWS account ${ACCOUNT_A}`) })).toBeVisible();
  await admin.goto("/admin/audit");
  await expect(admin.getByRole("heading", { name: "Audit log" })).toBeVisible();
  expect((await admin.request.get("/admin/audit/export")).status()).toBe(200);
  // Admins are not owners: the customer-only progress feed stays the owner's.
  expect((await admin.request.get(`/api/connections/${idA}/progress`)).status()).toBe(404);
});
