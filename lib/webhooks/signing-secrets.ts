/**
 * Webhook signing secrets at rest. Standard Webhooks secrets are symmetric, so
 * the sender must read them back: they are sealed (lib/auth/mfa/seal.ts, a key
 * of their own derived from NEXTAUTH_SECRET), never hashed, and never stored
 * in clear.
 *
 * Rows written before sealing hold the secret in clear (`whsec_…`). A SQL
 * migration cannot encrypt (the key is not in the database), so every process
 * that delivers seals them once at start-up (sealLegacySigningSecrets, called
 * by the worker before it takes jobs), and reading tolerates a clear row in
 * the meantime (a worker of the previous release still running).
 */
import { db } from "@/lib/db";
import { seal, unseal } from "@/lib/auth/mfa/seal";

const CLEAR_PREFIX = "whsec_";

export function sealSigningSecret(secret: string): string {
  return seal(secret, "webhook-secret");
}

/** The secret, or null when it cannot be unsealed (NEXTAUTH_SECRET changed: the admin must rotate it). */
export function readSigningSecret(stored: string): string | null {
  if (stored.startsWith(CLEAR_PREFIX)) return stored;
  try {
    return unseal(stored, "webhook-secret");
  } catch {
    return null;
  }
}

/** Seals every secret still stored in clear; idempotent, safe to run from several processes at once. */
export async function sealLegacySigningSecrets(): Promise<number> {
  const rows = await db.webhookSecret.findMany({
    where: { secretSealed: { startsWith: CLEAR_PREFIX } },
    select: { id: true, secretSealed: true },
  });
  let sealed = 0;
  for (const row of rows) {
    // Conditional on the clear value: a concurrent process that sealed it first wins, nothing is sealed twice.
    const updated = await db.webhookSecret.updateMany({
      where: { id: row.id, secretSealed: row.secretSealed },
      data: { secretSealed: sealSigningSecret(row.secretSealed) },
    });
    sealed += updated.count;
  }
  return sealed;
}
