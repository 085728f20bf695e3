-- Abuse limits move to rate-limiter-flexible's PostgreSQL store: one atomic
-- upsert per attempt, fixed windows that decay. It replaces login_throttles,
-- whose check-then-act let a burst through and whose failures never decayed.
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "rate_limits_expire_idx" ON "rate_limits"("expire");

DROP TABLE "login_throttles";
