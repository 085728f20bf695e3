/**
 * The WebAuthn challenge a session is waiting for, kept server-side on the
 * session row: one at a time, for one purpose, valid two minutes, and taken
 * (cleared) by the first answer whatever its outcome, so it can never be
 * answered twice or by another session.
 */
import { db } from "@/lib/db";

export const CHALLENGE_SECONDS = 120;
export type ChallengePurpose = "register" | "authenticate";

export async function storeChallenge(sessionId: string, purpose: ChallengePurpose, challenge: string, now = new Date()): Promise<boolean> {
  const result = await db.session.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: {
      webauthnChallenge: challenge,
      webauthnChallengePurpose: purpose,
      webauthnChallengeExpiresAt: new Date(now.getTime() + CHALLENGE_SECONDS * 1000),
    },
  });
  return result.count === 1;
}

/**
 * Clears the session's challenge and returns it if it was issued for this
 * purpose and has not expired. One statement: of two concurrent answers only
 * the first sees the challenge (the row lock makes the second re-read it as null).
 */
export async function takeChallenge(sessionId: string, purpose: ChallengePurpose, now = new Date()): Promise<string | null> {
  const rows = await db.$queryRaw<{ challenge: string; purpose: string | null; expires_at: Date | null }[]>`
    UPDATE sessions s
       SET webauthn_challenge = NULL, webauthn_challenge_purpose = NULL, webauthn_challenge_expires_at = NULL
      FROM (SELECT id, webauthn_challenge, webauthn_challenge_purpose, webauthn_challenge_expires_at
              FROM sessions WHERE id = ${sessionId}::uuid AND revoked_at IS NULL FOR UPDATE) old
     WHERE s.id = old.id AND old.webauthn_challenge IS NOT NULL
 RETURNING old.webauthn_challenge AS challenge, old.webauthn_challenge_purpose AS purpose, old.webauthn_challenge_expires_at AS expires_at`;
  const row = rows[0];
  if (!row || row.purpose !== purpose || !row.expires_at || row.expires_at <= now) return null;
  return row.challenge;
}
