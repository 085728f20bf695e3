/**
 * Test helper: the real local mail catcher (SMTP + inbox on loopback) for
 * integration tests. Point the app at it with `useForApp()` before the first
 * getEnv() of the test file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { startMailCatcher } from "@/scripts/mail-catcher";

const mailSchema = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  to: z.array(z.object({ address: z.string() })),
});
export type CaughtMail = z.infer<typeof mailSchema>;

export async function startTestInbox() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rolelink-test-mail-"));
  const catcher = await startMailCatcher({ smtpPort: 0, webPort: 0, mailDir: dir });
  const all = async (): Promise<CaughtMail[]> =>
    z.array(mailSchema).parse(await (await fetch(new URL("api/email", catcher.webUrl))).json());
  return {
    useForApp() {
      process.env.SMTP_URL = catcher.smtpUrl;
      process.env.MAIL_FROM = "rolelink tests <no-reply@rolelink.test>";
    },
    async mailsTo(address: string): Promise<CaughtMail[]> {
      return (await all()).filter((mail) => mail.to.some((to) => to.address === address));
    },
    /** The token of the one link in a mail (links carry it in the fragment). */
    tokenIn(mail: CaughtMail): string {
      const match = /#token=([A-Za-z0-9_-]+)/.exec(mail.text);
      if (!match?.[1]) throw new Error(`no token link in "${mail.subject}"`);
      return match[1];
    },
    async stop() {
      await catcher.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
