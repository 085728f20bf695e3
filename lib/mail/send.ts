/**
 * Sending one mail. Links in mails carry tokens: nothing here logs the content,
 * only the kind of mail and the outcome.
 */
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import type { MailContent } from "./templates";
import { smtpTransport } from "./transport";

export type MailKind = "verify-email" | "reset-password" | "sign-up-attempt";

const DEV_FROM = "rolelink <no-reply@rolelink.local>";

export async function sendMail(to: string, kind: MailKind, content: MailContent): Promise<boolean> {
  const env = getEnv();
  const transport = smtpTransport(env);
  if (!transport) {
    // Only outside production (env.ts requires SMTP there); `npm run dev` always sets up the local catcher.
    log.warn("mail not sent: no SMTP configured (set SMTP_URL, or run `npm run dev` for the local mail catcher)", { kind });
    return false;
  }
  try {
    await transport.sendMail({ from: env.MAIL_FROM ?? DEV_FROM, to, subject: content.subject, text: content.text, html: content.html });
    log.info("mail sent", { kind });
    return true;
  } catch (error) {
    // The error names the SMTP problem (refused, auth), never the message body.
    log.error("mail could not be sent", { kind, error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}
