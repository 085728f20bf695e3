-- A session's pending WebAuthn challenge is single use and short-lived: what
-- it was issued for (registration or authentication) and until when.
ALTER TABLE "sessions" ADD COLUMN "webauthn_challenge_purpose" VARCHAR(16),
ADD COLUMN "webauthn_challenge_expires_at" TIMESTAMPTZ(3);
