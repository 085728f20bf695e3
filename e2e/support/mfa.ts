/**
 * Second factor in the browser, as a person with an authenticator app would do
 * it: enrol by reading the key the page shows, then type codes computed with
 * otpauth. Secrets are kept in a file for this e2e run (its database), so every
 * spec can sign the admin in; a code is never typed twice in one 30-second step.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

interface Saved {
  secret: string;
  lastStep: number;
}

const runKey = createHash("sha256").update(`${process.env.E2E_BASE_URL}|${process.env.E2E_DATABASE_URL}`).digest("hex").slice(0, 16);
const storeFile = path.join(os.tmpdir(), `rolelink-e2e-totp-${runKey}.json`);

function load(): Record<string, Saved> {
  return existsSync(storeFile) ? (JSON.parse(readFileSync(storeFile, "utf8")) as Record<string, Saved>) : {};
}

function save(email: string, saved: Saved): void {
  writeFileSync(storeFile, JSON.stringify({ ...load(), [email]: saved }));
}

const step = (at = Date.now()) => Math.floor(at / 30_000);

/** A code for a step after the last one used (waits for the next step when needed). */
export async function freshCode(email: string): Promise<string> {
  const saved = load()[email];
  if (!saved) throw new Error(`no authenticator enrolled for ${email} in this run`);
  while (step() <= saved.lastStep) await new Promise((r) => setTimeout(r, 500));
  const now = Date.now();
  save(email, { ...saved, lastStep: step(now) });
  return new TOTP({ secret: Secret.fromBase32(saved.secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: now });
}

export function hasEnrolled(email: string): boolean {
  return Boolean(load()[email]);
}

/** On /account/mfa: sets up the authenticator app; returns the recovery codes shown once. */
export async function enrolTotp(page: Page, email: string): Promise<string[]> {
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).trim();
  save(email, { secret, lastStep: 0 });
  await page.getByLabel("Code from your app").fill(await freshCode(email));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByText("Two-step sign-in is on.")).toBeVisible();
  return (await page.getByTestId("recovery-codes").locator("li").allInnerTexts()).map((c) => c.trim());
}

/** On /signin/mfa: types the current code. */
export async function proveTotp(page: Page, email: string): Promise<void> {
  await page.getByLabel("Authentication code").fill(await freshCode(email));
  await page.getByRole("button", { name: "Continue" }).click();
}

/** After the password step: enrols (first admin sign-in) or proves the second factor, whichever the app asks for. */
export async function completeSecondFactor(page: Page, email: string): Promise<void> {
  if (/\/account\/mfa/.test(page.url())) {
    await enrolTotp(page, email);
    await page.getByRole("link", { name: "I have saved my codes, continue" }).click();
  } else if (/\/signin\/mfa/.test(page.url())) {
    await proveTotp(page, email);
  }
}
