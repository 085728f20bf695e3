/**
 * Single-use, expiring tokens sent by email (verification, password reset).
 * The token is 32 random bytes; only its SHA-256 is stored, so the table alone
 * never lets anyone use a link. A fast hash is right here: the token has 256
 * bits of entropy, nothing to brute-force as with a password.
 */
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { EmailTokenPurpose } from "@/lib/generated/prisma/client";

export const TOKEN_LIFETIME_SECONDS: Record<EmailTokenPurpose, number> = {
  verify_email: 48 * 60 * 60,
  reset_password: 30 * 60,
};

/** base64url of 32 bytes: 43 characters. Anything else is not one of ours and is never looked up. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

type Tx = Pick<typeof db, "emailToken">;

/** A new token for the user; older unused ones of the same purpose stop working (only the latest mail counts). */
export async function issueEmailToken(userId: string, purpose: EmailTokenPurpose, options: { now?: Date; tx?: Tx } = {}): Promise<string> {
  const now = options.now ?? new Date();
  const client = options.tx ?? db;
  const token = randomBytes(32).toString("base64url");
  await client.emailToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  await client.emailToken.create({
    data: {
      userId,
      purpose,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_SECONDS[purpose] * 1000),
    },
  });
  return token;
}

export type TokenCheck = { kind: "valid"; userId: string } | { kind: "invalid" };

/**
 * Uses a token up: one conditional UPDATE … RETURNING, so two requests racing
 * with the same link cannot both succeed. Unknown, used and expired tokens all
 * answer "invalid" (the page says the link is no longer valid).
 */
export async function consumeEmailToken(
  token: unknown,
  purpose: EmailTokenPurpose,
  options: { now?: Date; tx?: Tx } = {},
): Promise<TokenCheck> {
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) return { kind: "invalid" };
  const now = options.now ?? new Date();
  const client = options.tx ?? db;
  const [used] = await client.emailToken.updateManyAndReturn({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
    select: { userId: true },
  });
  return used ? { kind: "valid", userId: used.userId } : { kind: "invalid" };
}

/** Whether a token would be accepted now, without using it (the reset page shows its form only then). */
export async function peekEmailToken(token: unknown, purpose: EmailTokenPurpose, now = new Date()): Promise<boolean> {
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) return false;
  const row = await db.emailToken.findFirst({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: now } },
    select: { id: true },
  });
  return row !== null;
}
