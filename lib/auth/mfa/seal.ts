/**
 * Sealing secrets the server must read back (TOTP seeds, webhook signing
 * secrets): AES-256-GCM with a key derived from NEXTAUTH_SECRET, so a database
 * dump alone does not yield working second factors or forgeable webhooks.
 * Each purpose derives its own key (HKDF info), so a value sealed for one
 * purpose never unseals as another. Rotating NEXTAUTH_SECRET means
 * re-enrolling second factors and rotating webhook signing secrets.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

export type SealPurpose = "totp" | "webhook-secret";

function key(purpose: SealPurpose): Buffer {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  return Buffer.from(hkdfSync("sha256", secret, "rolelink", `${purpose}-seal-v1`, 32));
}

export function seal(plain: string, purpose: SealPurpose = "totp"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function unseal(sealed: string, purpose: SealPurpose = "totp"): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key(purpose), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
