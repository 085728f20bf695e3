/** Confirmations the connect pages show after a redirect; anything else in `?notice=` is ignored. */
import { z } from "zod";

const NOTICES = {
  cancelled: "Link cancelled. Its External ID no longer works; you can start again any time.",
  "new-link": "A new launch link is ready. The previous one no longer works.",
} as const;

const noticeSchema = z.enum(Object.keys(NOTICES) as [keyof typeof NOTICES, ...Array<keyof typeof NOTICES>]);

export function noticeMessage(raw: string | string[] | undefined): string | null {
  const parsed = noticeSchema.safeParse(Array.isArray(raw) ? raw[0] : raw);
  return parsed.success ? NOTICES[parsed.data] : null;
}
