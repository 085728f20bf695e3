/**
 * Reading mails the app sent, from the local mail catcher's inbox API
 * (E2E_MAIL_URL, set by `npm run test:e2e`).
 */
import { expect } from "@playwright/test";

interface CaughtMail {
  subject: string;
  text: string;
  to: Array<{ address: string }>;
}

function inboxUrl(): string {
  const url = process.env.E2E_MAIL_URL;
  if (!url) throw new Error("run through `npm run test:e2e` (E2E_MAIL_URL)");
  return url;
}

async function mailsTo(address: string): Promise<CaughtMail[]> {
  const response = await fetch(new URL("api/email", inboxUrl()));
  const all = (await response.json()) as CaughtMail[];
  return all.filter((mail) => mail.to.some((to) => to.address === address));
}

/** Waits for the newest mail to `address` with this subject (mails go out just after the form answers). */
export async function waitForMail(address: string, subject: string, after = 0): Promise<CaughtMail> {
  let found: CaughtMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await mailsTo(address)).filter((mail) => mail.subject === subject).at(after);
        return found !== undefined;
      },
      { message: `a mail "${subject}" to ${address}` },
    )
    .toBe(true);
  return found!;
}

/** The one app link in a mail (verification and reset links carry their token in the fragment). */
export function linkIn(mail: CaughtMail): string {
  const match = /(https?:\/\/\S+#token=[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no link in "${mail.subject}"`);
  return match[1];
}
