/**
 * The sandbox's webhook inbox as the vendor would look at it: register it from
 * rolelink's admin page (one click), then read the inbox page for an event.
 */
import { expect, type Page } from "@playwright/test";

export async function registerSandboxInbox(admin: Page): Promise<void> {
  await admin.goto("/admin/webhooks");
  await admin.getByRole("button", { name: "Register the sandbox inbox" }).click();
  await expect(admin.getByRole("status").filter({ hasText: /Sandbox inbox (registered|renewed)/ })).toBeVisible();
}

/** Waits until the inbox lists `type` for the connection, with a verified signature (the page is static: reloads). */
export async function expectInboxEvent(inbox: Page, connectionId: string, type: string): Promise<void> {
  const row = inbox.getByRole("row").filter({ hasText: connectionId }).filter({ hasText: type });
  await expect(async () => {
    await inbox.reload();
    await expect(row).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText("Verified");
}
