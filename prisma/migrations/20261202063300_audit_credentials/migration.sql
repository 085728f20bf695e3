-- The audit log lists every AssumeRole rolelink made: credentials issued (or refused) through
-- the API are AssumeRoles too, so the log's partial index covers their kinds.
DROP INDEX IF EXISTS "events_assume_role_idx";
CREATE INDEX "events_assume_role_idx" ON "events" ("created_at" DESC, "id" DESC)
  WHERE "kind" IN ('verify.succeeded', 'verify.failed', 'credentials.issued', 'credentials.refused');
