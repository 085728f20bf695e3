/**
 * The one SMTP transport of the process, built from SMTP_URL or
 * SMTP_HOST/PORT/USER/PASS. Outside production, without any of them, there is
 * no transport: callers log that the mail was not sent (never its link).
 */
import nodemailer, { type Transporter } from "nodemailer";
import type { Env } from "@/lib/env";

type MailEnv = Pick<Env, "SMTP_URL" | "SMTP_HOST" | "SMTP_PORT" | "SMTP_USER" | "SMTP_PASS" | "SMTP_SECURE">;

let cached: { key: string; transport: Transporter } | undefined;

function settingsKey(env: MailEnv): string {
  return JSON.stringify([env.SMTP_URL, env.SMTP_HOST, env.SMTP_PORT, env.SMTP_USER, env.SMTP_PASS, env.SMTP_SECURE]);
}

export function smtpTransport(env: MailEnv): Transporter | null {
  if (!env.SMTP_URL && !env.SMTP_HOST) return null;
  const key = settingsKey(env);
  if (cached?.key === key) return cached.transport;
  const transport = env.SMTP_URL
    ? nodemailer.createTransport(env.SMTP_URL)
    : nodemailer.createTransport({
        host: env.SMTP_HOST,
        port: env.SMTP_PORT,
        secure: env.SMTP_SECURE,
        auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASS ?? "" } : undefined,
      });
  cached = { key, transport };
  return transport;
}
