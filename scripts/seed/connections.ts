/**
 * Demo/benchmark data: N connections spread over M customers in two INSERT …
 * SELECT generate_series statements (100k rows in a couple of seconds).
 * Account IDs are g × 829348951 mod 10^12: distinct, and spread over every prefix.
 * created_at ties every 3 rows on purpose, so paging must break ties on id.
 */
import { Prisma } from "@/lib/generated/prisma/client";

export interface SeedOptions {
  connections: number;
  customers: number;
  /** Seeded customers are `seed-<n>@<emailDomain>`. */
  emailDomain?: string;
}

type Executor = { $executeRaw(query: Prisma.Sql): Promise<number> };

export async function seedConnections(db: Executor, options: SeedOptions): Promise<{ users: number; connections: number }> {
  const domain = options.emailDomain ?? "seed.example.test";
  const users = await db.$executeRaw(Prisma.sql`
    INSERT INTO users (id, email, password_hash, role, created_at, updated_at)
    SELECT gen_random_uuid(), 'seed-' || g || '@' || ${domain}, '!seeded-no-login', 'customer', now(), now()
    FROM generate_series(0, ${options.customers - 1}) g
    ON CONFLICT (email) DO NOTHING`);
  const connections = await db.$executeRaw(Prisma.sql`
    WITH owners AS (
      SELECT id, (substring(email from '^seed-([0-9]+)@'))::int AS n FROM users WHERE email LIKE ${`seed-%@${domain}`}
    ), rows AS (
      SELECT g,
             lpad(((g::bigint * 829348951) % 1000000000000)::text, 12, '0') AS account_id,
             (ARRAY['connected','connected','connected','connected','connected','connected','broken','pending','failed','disconnected'])[1 + g % 10]::"ConnectionStatus" AS status,
             now() - ((g / 3) * interval '1 minute') AS created_at
      FROM generate_series(1, ${options.connections}) g
    )
    INSERT INTO connections (id, owner_id, account_id, region, external_id, status, role_arn, connected_at,
                             last_verified_at, last_verify_ok, last_error, created_at, updated_at)
    SELECT gen_random_uuid(), o.id, r.account_id, (ARRAY['us-east-1','eu-west-1','us-west-2'])[1 + r.g % 3],
           'seed-' || md5(random()::text || r.g), r.status,
           CASE WHEN r.status = 'pending' THEN NULL ELSE 'arn:aws:iam::' || r.account_id || ':role/rolelink-seed' END,
           CASE WHEN r.status IN ('connected','broken','disconnected') THEN r.created_at + interval '2 minutes' END,
           CASE WHEN r.status IN ('connected','broken') AND r.g % 4 <> 0 THEN r.created_at + ((r.g % 500) * interval '1 hour') END,
           CASE WHEN r.status IN ('connected','broken') AND r.g % 4 <> 0 THEN r.status = 'connected' END,
           CASE WHEN r.status IN ('broken','failed') THEN 'AWS refused to let rolelink assume the role (AccessDenied).' END,
           r.created_at, now()
    FROM rows r JOIN owners o ON o.n = r.g % ${options.customers}`);
  return { users, connections };
}
