-- Webhook signing secrets are stored sealed (AES-256-GCM, key from NEXTAUTH_SECRET).
-- SQL cannot encrypt without the key: existing clear rows ("whsec_...") are sealed
-- by the worker at start-up (lib/webhooks/signing-secrets.ts).
ALTER TABLE "webhook_secrets" RENAME COLUMN "secret" TO "secret_sealed";
