-- Organization member connections share their organization link External ID
-- (every member stack carries it), so the External ID is unique only among single-account links.
DROP INDEX IF EXISTS "connections_external_id_key";
CREATE INDEX "connections_external_id_idx" ON "connections"("external_id");
CREATE UNIQUE INDEX "connections_external_id_single_key" ON "connections"("external_id") WHERE "organization_link_id" IS NULL;
-- At most one live connection per member account of a link (a member that leaves and
-- rejoins gets a new row, the disconnected one stays as history).
CREATE UNIQUE INDEX "connections_member_live_key" ON "connections"("organization_link_id", "account_id")
  WHERE "organization_link_id" IS NOT NULL AND "status" <> 'disconnected';
