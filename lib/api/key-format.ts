/**
 * API key text: `rlk_<10-char id>_<43-char secret>`. The id part (with `rlk_`)
 * is the visible prefix used to find the key; only a SHA-256 of the whole key
 * is stored. SHA-256 rather than a password hash: the key carries 256 bits of
 * randomness, so there is nothing to brute-force, and every request checks it.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const KEY_PATTERN = /^(rlk_[a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

function randomId(length: number): string {
  const bytes = randomBytes(length);
  // 256 % 36 leaves a small bias; the id only has to be unique, not secret.
  return Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join("");
}

export function generateApiKey(): { key: string; prefix: string } {
  const prefix = `rlk_${randomId(10)}`;
  return { key: `${prefix}_${randomBytes(32).toString("base64url")}`, prefix };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The prefix of a well-formed key, else null (never looked up). */
export function prefixOf(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function hashMatches(key: string, storedHash: string): boolean {
  const given = Buffer.from(hashApiKey(key), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}
