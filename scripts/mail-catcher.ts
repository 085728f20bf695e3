/**
 * The local mail catcher for `npm run dev`, the e2e run and tests: a real SMTP
 * server with a web inbox (MailDev), both bound to loopback only. Nothing it
 * receives leaves the machine (no relay is configured).
 */
import { mkdirSync } from "node:fs";
import { MailDev } from "maildev";

export interface MailCatcher {
  /** What the app sends to: SMTP_URL. */
  smtpUrl: string;
  /** The web inbox; its REST API is under /api/email. */
  webUrl: string;
  stop: () => Promise<void>;
}

export async function startMailCatcher(options: { smtpPort: number; webPort: number; mailDir: string }): Promise<MailCatcher> {
  mkdirSync(options.mailDir, { recursive: true });
  const maildev = new MailDev({
    smtp: options.smtpPort,
    ip: "127.0.0.1",
    web: options.webPort,
    webIp: "127.0.0.1",
    // Its own folder: the default (/tmp/maildev) would be shared with any other catcher on the machine.
    mailDirectory: options.mailDir,
    silent: true,
  });
  const servers = await maildev.start();
  const smtpPort = servers.smtp.getPort();
  const webPort = servers.api?.getPort();
  if (!webPort) throw new Error("the mail catcher's web inbox did not start");
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://127.0.0.1:${webPort}/`,
    stop: () => maildev.stop(),
  };
}
