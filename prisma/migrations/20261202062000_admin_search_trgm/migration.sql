-- Admin list for triage (issue 14): substring search over account ID, role ARN
-- and customer email, and an "Account" sort. Operator-class and extension
-- indexes are not expressible in schema.prisma, so they live only here.

-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ILIKE '%needle%' (three characters or more) becomes a trigram index lookup
-- instead of a scan of every row.
CREATE INDEX "connections_account_id_trgm_idx" ON "connections" USING gin ("account_id" gin_trgm_ops);
CREATE INDEX "connections_role_arn_trgm_idx" ON "connections" USING gin ("role_arn" gin_trgm_ops);
CREATE INDEX "users_email_trgm_idx" ON "users" USING gin ("email" gin_trgm_ops);

-- "Account" sort: the keyset (account_id, id) walks one index, with or without a status filter.
CREATE INDEX "connections_admin_account_idx" ON "connections" ("account_id", "id");
CREATE INDEX "connections_admin_status_account_idx" ON "connections" ("status", "account_id", "id");
