/**
 * Email flows through the local mail catcher: sign-up answers the same for new
 * and existing emails, the verification link unlocks launch links, and a
 * password reset ends the old session and lets the owner sign in with the new
 * password.
 */
import { expect, test } from "@playwright/test";
import { PASSWORD, signIn, signUp, submitSignUp, uniqueEmail, verifyEmailFromInbox } from "./support/accounts";
import { linkIn, waitForMail } from "./support/mail";

test("sign-up: one answer for new and taken emails; the link in the mail confirms the address", async ({ page }) => {
  const email = uniqueEmail("verify");
  await submitSignUp(page, email);
  const answer = await page.getByRole("status").filter({ hasText: "Check your inbox" }).innerText();

  // Signed in before confirming: the Connect page says what is missing.
  await signIn(page, email, PASSWORD);
  await expect(page.getByRole("heading", { name: "Confirm your email to create launch links" })).toBeVisible();

  // The same email again, from another browser: the same words, and the owner hears about it by mail.
  const other = await page.context().browser()!.newContext();
  const stranger = await other.newPage();
  await submitSignUp(stranger, email, "quartz lantern ferry mosaic");
  expect((await stranger.getByRole("status").filter({ hasText: "Check your inbox" }).innerText()).replace(email, "<email>")).toBe(
    answer.replace(email, "<email>"),
  );
  await waitForMail(email, "Someone tried to create a rolelink account with your email");
  await other.close();

  await verifyEmailFromInbox(page, email);
  await page.goto("/connect");
  await expect(page.getByRole("heading", { name: "Connect an AWS account" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Confirm your email to create launch links" })).toHaveCount(0);
});

test("forgot password: mailed link, new password, the old session is refused, sign in with the new one", async ({ page, browser }) => {
  const email = await signUp(page);
  const oldSession = await page.context().cookies();

  const context = await browser.newContext();
  const owner = await context.newPage();
  await owner.goto("/signin");
  await owner.getByRole("link", { name: "Forgot password?" }).click();
  // The sign-in form has an Email field too: fill only once the reset page is there.
  await expect(owner.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await owner.getByLabel("Email").fill(email);
  await owner.getByRole("button", { name: "Send reset link" }).click();
  await expect(owner.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  await owner.goto(linkIn(await waitForMail(email, "Reset your rolelink password")));
  const newPassword = "purple gravel hums quietly";
  await owner.getByLabel("New password").fill(newPassword);
  await owner.getByRole("button", { name: "Save new password" }).click();
  await expect(owner.getByText(/Your password is changed and every session of your account has ended/)).toBeVisible();

  // The browser that was signed in before the reset is signed out, and a copy of its cookie too.
  const replay = await browser.newContext();
  await replay.addCookies(oldSession);
  const replayed = await replay.newPage();
  await replayed.goto("/accounts");
  await expect(replayed).toHaveURL(/\/signin\?callbackUrl=/);
  await replay.close();

  await signIn(owner, email, newPassword);
  await expect(owner).toHaveURL(/\/connect$/);
  await context.close();
});
