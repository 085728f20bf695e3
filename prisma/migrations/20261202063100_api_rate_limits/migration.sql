-- Per-key counters for the credential broker's rate limit (rate-limiter-flexible, Prisma store).
CREATE TABLE "api_rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMPTZ(3),

    CONSTRAINT "api_rate_limits_pkey" PRIMARY KEY ("key")
);
