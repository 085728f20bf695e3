-- Connection truth: what the stack reported once confirmed, a diagnosis for
-- untrusted requests that cannot change a connection, and bounded, fair
-- processing of stored CloudFormation requests.
ALTER TABLE "connections" ADD COLUMN "template_version" VARCHAR(32),
ADD COLUMN "diagnosis" TEXT,
ADD COLUMN "diagnosis_at" TIMESTAMPTZ(3);

ALTER TABLE "cfn_requests" ADD COLUMN "claimed_account" VARCHAR(12),
ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "last_attempt_at" TIMESTAMPTZ(3);

CREATE INDEX "cfn_requests_state_created_at_idx" ON "cfn_requests"("state", "created_at");

-- A refused request that names no link by External ID may still name a linked stack.
CREATE INDEX "connections_stack_id_idx" ON "connections"("stack_id");
