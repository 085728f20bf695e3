"use server";

import { z } from "zod";
import { verifyEmail } from "@/lib/auth/email-verification";

export type ConfirmResult = { kind: "verified" } | { kind: "invalid" };

export async function confirmEmail(token: unknown): Promise<ConfirmResult> {
  const parsed = z.string().max(100).safeParse(token);
  if (!parsed.success) return { kind: "invalid" };
  return verifyEmail(parsed.data);
}
