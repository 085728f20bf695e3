/**
 * A forged Delete: anyone an SNS topic policy lets publish can hand-write a
 * CloudFormation request, and SNS signs it like any other. For a connected
 * link whose stack is still CREATE_COMPLETE, the customer's account
 * contradicts it: rolelink answers SUCCESS (a stack must never hang), changes
 * nothing, and puts a security event on the link.
 */
import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { signInAsAdmin, signUp } from "./support/accounts";
import { connectThroughApi, expectLinkStatus, startLink } from "./support/connect";
import { deleteStack, deliveryOf, getStack, publishAs, requestIn, sandboxUrl, waitForStack } from "./support/sandbox";

const ACCOUNT = "3333-5555-0001";
const ACCOUNT_ID = ACCOUNT.replace(/-/g, "");

test("a forged Delete for a connected link changes nothing and shows on the admin timeline", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signUp(page);
  await startLink(page, ACCOUNT);
  const { link, stack } = await connectThroughApi(page, ACCOUNT_ID);

  // Everything in the request is known to the forger (the captured Create); only RequestType and the ids are new.
  const create = await deliveryOf(stack.stackId, "Create");
  const forged = {
    ...requestIn(create),
    RequestType: "Delete",
    RequestId: randomUUID(),
    PhysicalResourceId: stack.physicalResourceId,
    ResponseURL: sandboxUrl(`cfn-response/${randomUUID()}?X-Amz-Signature=${"0".repeat(64)}`).toString(),
  };
  const delivery = await publishAs(ACCOUNT_ID, create.topicArn, forged);
  expect(delivery.attempts.at(-1)?.status).toBe(200); // correctly signed: SNS's delivery is accepted

  const { admin, close } = await signInAsAdmin(browser);
  await admin.goto(`/admin/accounts/${link.connectionId}`);
  const timeline = admin.getByTestId("timeline");
  await expect(async () => {
    await admin.reload();
    await expect(timeline).toContainText("Security check rejected a request: delete_contradicted_stack_state_mismatch (Delete)", {
      timeout: 1_000,
    });
  }).toPass({ timeout: 30_000 });
  // Answered SUCCESS all the same (the forger's ResponseURL then refused it).
  await expect(timeline).toContainText("SUCCESS — rolelink recorded the deletion.");
  await expect(admin.locator("header [data-status]")).toHaveAttribute("data-status", "connected");
  await expect(timeline).not.toContainText("Disconnected");
  await admin.getByRole("button", { name: "Verify access" }).click();
  await expect(admin.getByText("Access verified.")).toBeVisible();
  await admin.screenshot({ path: "test-results/screens/forged-delete-admin.png", fullPage: true });

  await page.reload();
  await expectLinkStatus(page, "Connected");
  expect((await getStack(stack.stackId)).status).toBe("CREATE_COMPLETE");

  // The customer's own Delete still disconnects.
  await deleteStack(stack.stackId);
  await waitForStack(stack.stackId, "DELETE_COMPLETE");
  await expectLinkStatus(page, "Disconnected");
  await close();
});
