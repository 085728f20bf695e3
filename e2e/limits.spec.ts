/** Abuse limits as a browser or a script sees them: an attempt refused before the password check answers 429 with Retry-After. */
import { expect, test } from "@playwright/test";
import { PASSWORD, signIn, signOut, signUp, uniqueEmail } from "./support/accounts";

test("guessing one email's password: 5 checked guesses (401, the 5th says locked), then 429 with Retry-After, shown in the form", async ({
  page,
  request,
}) => {
  const email = uniqueEmail("guessed");
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const guess = () =>
    request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password: "not the password", json: "true", callbackUrl: "/" },
      maxRedirects: 0,
    });
  for (let i = 0; i < 4; i++) expect((await guess()).status()).toBe(401);
  // The 5th guess was checked (401, no Retry-After) and uses up the email's tries: it says so.
  const fifth = await guess();
  expect(fifth.status()).toBe(401);
  expect(new URL(((await fifth.json()) as { url: string }).url).searchParams.get("error")).toMatch(
    /^Too many failed sign-ins for this email\./,
  );
  for (let i = 0; i < 2; i++) {
    const locked = await guess();
    expect(locked.status()).toBe(429);
    expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(0);
    const { url } = (await locked.json()) as { url: string };
    expect(new URL(url).searchParams.get("error")).toMatch(/^Too many failed sign-ins for this email\. Wait \d+ minutes/);
  }

  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password either");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /Too many/ })).toHaveText(/Too many failed sign-ins for this email/);
  // What the user typed is kept.
  await expect(page.getByLabel("Email")).toHaveValue(email);
});

test("strangers' guesses lock an email out everywhere except the browsers its owner signed in from", async ({ page, request }) => {
  const email = await signUp(page);
  const device = (await page.context().cookies()).find((cookie) => cookie.name.endsWith("rolelink-device"));
  expect(device, "a sign-in remembers the browser").toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await signOut(page);

  // Someone else (no device cookie) guesses until the email is locked.
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const guess = () =>
    request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password: "not the password", json: "true", callbackUrl: "/" },
      maxRedirects: 0,
    });
  for (let i = 0; i < 5; i++) await guess();
  expect((await guess()).status()).toBe(429);

  // The owner's browser still signs in.
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/connect$/);
});
