/**
 * One-time recovery codes: 10 random codes shown once, stored as SHA-256
 * hashes (each carries 50 bits of randomness, so a fast hash is enough and
 * argon2 is not needed). A code works once; a new set replaces the old one.
 */
import { createHash, randomInt } from "node:crypto";
import { db } from "@/lib/db";

const COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i
type Tx = Pick<typeof db, "recoveryCode">;

function randomCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normalise(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "");
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalise(code)).digest("hex");
}

/** Replaces the user's codes with a fresh set; returns the codes (the only time they exist in clear). */
export async function issueRecoveryCodes(userId: string, tx: Tx = db): Promise<string[]> {
  const codes = Array.from({ length: COUNT }, randomCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

/** Uses up one code; true only the first time a valid code is given. */
export async function spendRecoveryCode(userId: string, code: string): Promise<boolean> {
  if (typeof code !== "string" || normalise(code).length !== 10) return false;
  const result = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return result.count === 1;
}

export async function remainingRecoveryCodes(userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}
