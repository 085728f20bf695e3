-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('customer', 'admin');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('pending', 'verifying', 'connected', 'failed', 'disconnected', 'broken');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "UserRole" NOT NULL DEFAULT 'customer',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_throttles" (
    "email" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "login_throttles_pkey" PRIMARY KEY ("email")
);

-- CreateTable
CREATE TABLE "connections" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "region" VARCHAR(32) NOT NULL,
    "external_id" TEXT NOT NULL,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'pending',
    "role_arn" TEXT,
    "stack_id" TEXT,
    "physical_resource_id" TEXT,
    "connected_at" TIMESTAMPTZ(3),
    "last_verified_at" TIMESTAMPTZ(3),
    "last_verify_ok" BOOLEAN,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sns_messages" (
    "message_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "topic_arn" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sns_messages_pkey" PRIMARY KEY ("message_id")
);

-- CreateTable
CREATE TABLE "sns_subscriptions" (
    "topic_arn" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "subscription_arn" TEXT,
    "confirmed_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sns_subscriptions_pkey" PRIMARY KEY ("topic_arn")
);

-- CreateTable
CREATE TABLE "cfn_requests" (
    "id" UUID NOT NULL,
    "message_id" TEXT NOT NULL,
    "request_type" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "stack_id" TEXT NOT NULL,
    "logical_resource_id" TEXT NOT NULL,
    "connection_id" UUID,
    "payload" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'received',
    "response_status" TEXT,
    "response_reason" TEXT,
    "responded_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cfn_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "connection_id" UUID,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verify_runs" (
    "id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "verify_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "connections_external_id_key" ON "connections"("external_id");

-- CreateIndex
CREATE INDEX "connections_owner_id_created_at_idx" ON "connections"("owner_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "connections_status_created_at_id_idx" ON "connections"("status", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "connections_account_id_idx" ON "connections"("account_id");

-- CreateIndex
CREATE INDEX "connections_created_at_id_idx" ON "connections"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "connections_last_verified_at_id_idx" ON "connections"("last_verified_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "cfn_requests_message_id_key" ON "cfn_requests"("message_id");

-- CreateIndex
CREATE INDEX "cfn_requests_connection_id_created_at_idx" ON "cfn_requests"("connection_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "events_connection_id_created_at_idx" ON "events"("connection_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "events_kind_created_at_idx" ON "events"("kind", "created_at" DESC);

-- CreateIndex
CREATE INDEX "events_created_at_idx" ON "events"("created_at" DESC);

-- CreateIndex
CREATE INDEX "verify_runs_started_at_idx" ON "verify_runs"("started_at" DESC);

-- AddForeignKey
ALTER TABLE "connections" ADD CONSTRAINT "connections_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cfn_requests" ADD CONSTRAINT "cfn_requests_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE SET NULL ON UPDATE CASCADE;
