/**
 * The public review a customer sends to their security reviewer: no sign-in,
 * the checksum of the very template the link launches, every action with
 * AWS's access level, searchable; older versions point to the current one.
 */
import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";

test("the review of the current template is public, matches the template's SHA-256 and is searchable", async ({ page, request }) => {
  const template = await request.get("/api/template");
  expect(template.ok()).toBe(true);
  const sha256 = createHash("sha256")
    .update(await template.body())
    .digest("hex");
  const version = /TemplateVersion: "(\d+\.\d+\.\d+)"/.exec(await template.text())![1]!;

  await page.goto(`/review/${version}`);
  await expect(page).toHaveURL(new RegExp(`/review/${version.replace(/\./g, "\\.")}$`)); // no redirect to sign-in
  await expect(page.getByRole("heading", { level: 1, name: "What this stack creates and allows" })).toBeVisible();
  await expect(page.getByTestId("review-sha256")).toHaveText(sha256);
  await expect(page.getByTestId("review-version")).toHaveText(version);
  await expect(page.getByTestId("review-principal")).toHaveText("arn:aws:iam::111111111111:role/rolelink-app");
  await expect(page.getByTestId("review-resources")).toContainText("Custom::RolelinkPhoneHome");
  await expect(page.getByTestId("review-denied")).toContainText("ec2:GetPasswordData");
  await expect(page.getByText("rolelink-onboarding", { exact: true })).toBeVisible();
  await expect(page.getByText("<your-external-id>").first()).toBeVisible();

  const search = page.getByLabel(/Search the \d+ actions/);
  await search.fill("snapshot");
  await expect(page.getByText(/^\d+ of \d+ match “snapshot”\.$/)).toBeVisible();
  await expect(page.getByTestId("actions-ec2")).toContainText("ec2:DescribeSnapshots");
  await expect(page.getByTestId("actions-ec2")).not.toContainText("ec2:DescribeVpcs");
  await expect(page.getByTestId("actions-cloudformation")).toHaveCount(0);
  await search.fill("");
  await expect(page.getByTestId("actions-cloudformation")).toContainText("cloudformation:DescribeStacks");
});

test("an older version says what changed since and links to the current one; an unknown version is not found", async ({ page }) => {
  await page.goto("/review/1.1.0");
  await expect(page.getByRole("heading", { name: "Template 1.1.0 has been superseded" })).toBeVisible();
  await expect(page.getByTestId("superseded-changes")).toContainText("Trusts one role in rolelink's account");
  await expect(page.getByTestId("superseded-changes")).not.toContainText("rolelink-confirm-this-stack");
  const response = await page.goto("/review/9.9.9");
  expect(response?.status()).toBe(404);
});
