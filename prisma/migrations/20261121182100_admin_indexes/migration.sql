-- Admin dashboard indexes (issue 5). Keyset pagination stays an index range scan
-- at 100k+ connections. Expression and operator-class indexes are not
-- expressible in schema.prisma, so they live only here.

-- "Last verified" sort: never-verified rows sort last via COALESCE(-infinity),
-- which keeps the keyset a single row comparison (no NULL branches).
CREATE INDEX "connections_admin_verified_idx"
  ON "connections" ((COALESCE("last_verified_at", '-infinity'::timestamptz)) DESC, "id" DESC);
CREATE INDEX "connections_admin_status_verified_idx"
  ON "connections" ("status", (COALESCE("last_verified_at", '-infinity'::timestamptz)) DESC, "id" DESC);

-- Search by account ID prefix (LIKE '1234%') regardless of the database collation.
CREATE INDEX "connections_account_id_prefix_idx" ON "connections" ("account_id" varchar_pattern_ops);

-- Search by customer email prefix.
CREATE INDEX "users_email_prefix_idx" ON "users" ("email" text_pattern_ops);

-- The audit log: every AssumeRole, newest first, paged by (created_at, id).
CREATE INDEX "events_assume_role_idx" ON "events" ("created_at" DESC, "id" DESC)
  WHERE "kind" IN ('verify.succeeded', 'verify.failed');
