import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { signUp } from "./support/accounts";

/** The actions the template file itself grants (read independently of the app). */
function templateActions(): string[] {
  const text = readFileSync("cloudformation/rolelink-role.yaml", "utf8");
  // Intrinsic tags (!Ref, !Sub …) are irrelevant here: keep their values as plain data.
  const doc = parse(text, { customTags: [], logLevel: "silent", strict: false }) as Record<string, unknown>;
  const actions: string[] = [];
  const visit = (node: unknown, inPolicies: boolean) => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, inPolicies));
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "AssumeRolePolicyDocument") continue;
      const nowIn = inPolicies || key === "Policies" || key === "PolicyDocument";
      if (nowIn && key === "Action") actions.push(...(Array.isArray(value) ? value : [value]).map(String));
      else visit(value, nowIn);
    }
  };
  visit(doc.Resources, false);
  return actions;
}

test("a customer connects an account: launch link, review and inline errors", async ({ page, browser }) => {
  // Two customers sign up through the mail catcher (argon2 and a mail each): slow when the machine is busy.
  test.setTimeout(150_000);
  await signUp(page);
  await expect(page.getByRole("heading", { name: "Connect an AWS account" })).toBeVisible();

  // A malformed account ID gets an inline error and creates nothing.
  await page.getByLabel("AWS account ID").fill("1234-5678-901");
  await page.getByRole("button", { name: "Create launch link" }).click();
  await expect(page.getByText("An AWS account ID has exactly 12 digits")).toBeVisible();
  await expect(page.getByLabel("AWS account ID")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Nothing in progress.")).toBeVisible();

  // Pasted with dashes, as the AWS console shows it.
  await page.getByLabel("AWS account ID").fill("2222-3333-4444");
  await page.getByLabel("Region").selectOption("us-east-1");
  await page.getByRole("button", { name: "Create launch link" }).click();
  await expect(page).toHaveURL(/\/connect\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: /AWS account 222233334444/ })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/connect-launch.png", fullPage: true });

  const launch = page.getByTestId("launch-stack");
  await expect(launch).toHaveAttribute("target", "_blank");
  const href = await launch.getAttribute("href");
  const url = new URL(href!);
  expect(url.pathname).toBe("/cloudformation/home");
  expect(url.searchParams.get("region")).toBe("us-east-1");
  expect(url.hash.startsWith("#/stacks/create/review?")).toBe(true);
  const params = new URLSearchParams(url.hash.slice("#/stacks/create/review?".length));
  expect(params.get("templateURL")).toMatch(/rolelink-role\.yaml$/);
  expect(params.get("stackName")).toMatch(/^[A-Za-z][A-Za-z0-9-]*$/);
  expect(params.get("param_TrustedAccount")).toBe("111111111111");
  expect(params.get("param_TrustedRoleName")).toBe("rolelink-app");
  expect(params.get("param_SnsTopicArn")).toBe("arn:aws:sns:us-east-1:111111111111:rolelink-sandbox");
  const externalId = params.get("param_ExternalId")!;
  expect(externalId).toMatch(/^[\w+=,.@:/-]{32,}$/);
  await expect(page.getByText(externalId).first()).toBeVisible();

  const review = page.getByTestId("template-review");
  // The review panel lists every action the template names (granted ones expanded from AWS's data, denied ones apart).
  for (const action of templateActions()) await expect(review).toContainText(action);
  await expect(review.getByTestId("review-denied")).toContainText("ec2:DescribeInstanceAttribute");
  await expect(review.getByTestId("actions-ec2")).not.toContainText("ec2:DescribeInstanceAttribute");
  await expect(review.getByTestId("review-principal")).toHaveText("arn:aws:iam::111111111111:role/rolelink-app");
  await expect(review).toContainText("sts:ExternalId");
  await expect(review).toContainText('"sts:SourceIdentity": "rolelink*"');

  // Starting again for the same account and region reuses the pending link.
  await page.goto("/connect");
  await page.getByLabel("AWS account ID").fill("222233334444");
  await page.getByRole("button", { name: "Create launch link" }).click();
  await expect(page).toHaveURL(url.hash ? /\/connect\/[0-9a-f-]{36}$/ : /never/);
  await expect(page.getByText(externalId).first()).toBeVisible();

  // A second customer sees none of the first one's connections and is refused at /admin.
  const other = await browser.newContext();
  const second = await other.newPage();
  await signUp(second);
  await expect(second.getByText("Nothing in progress.")).toBeVisible();
  await second.goto("/accounts");
  await expect(second.getByText("No AWS accounts yet")).toBeVisible();
  await expect(second.getByText("222233334444")).toHaveCount(0);
  await second.goto(new URL(page.url()).pathname);
  await expect(second.getByText(externalId)).toHaveCount(0);
  await second.goto("/admin");
  await expect(second).toHaveURL(/\/forbidden$/);
  await expect(second.getByRole("heading", { name: /administrators/ })).toBeVisible();
  await other.close();
});
