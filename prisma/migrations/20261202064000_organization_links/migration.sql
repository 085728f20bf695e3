-- Organization onboarding: one link per organization template launch, and
-- member connections pointing to it.
CREATE TABLE "organization_links" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "management_account_id" VARCHAR(12) NOT NULL,
    "region" VARCHAR(32) NOT NULL,
    "external_id" TEXT NOT NULL,
    "targets" TEXT[],
    "call_as" VARCHAR(16) NOT NULL DEFAULT 'SELF',
    "organization_id" VARCHAR(64),
    "management_role_arn" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "organization_links_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "organization_links_external_id_key" ON "organization_links"("external_id");
CREATE INDEX "organization_links_owner_id_created_at_idx" ON "organization_links"("owner_id", "created_at" DESC);

ALTER TABLE "organization_links" ADD CONSTRAINT "organization_links_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "connections" ADD COLUMN "organization_link_id" UUID;
CREATE INDEX "connections_organization_link_id_idx" ON "connections"("organization_link_id");
ALTER TABLE "connections" ADD CONSTRAINT "connections_organization_link_id_fkey" FOREIGN KEY ("organization_link_id") REFERENCES "organization_links"("id") ON DELETE SET NULL ON UPDATE CASCADE;
