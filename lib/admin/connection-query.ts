/**
 * The SQL behind the /admin table. Written by hand so every shape (sort ×
 * status filter × search × cursor) is an index range scan: the keyset is one
 * row comparison `(key, id) < (…)` matching an index `(key DESC, id DESC)`.
 */
import { Prisma } from "@/lib/generated/prisma/client";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import type { Cursor } from "./keyset";
import type { AdminSort, Search } from "./list-params";

export interface ConnectionQuery {
  search: Search;
  status?: ConnectionStatus;
  sort: AdminSort;
  cursor: Cursor | null;
  limit: number;
}

export interface ConnectionRow {
  id: string;
  account_id: string;
  email: string;
  region: string;
  status: ConnectionStatus;
  role_arn: string | null;
  connected_at: Date | null;
  created_at: Date;
  last_verified_at: Date | null;
  last_verify_ok: boolean | null;
  last_error: string | null;
}

/** LIKE treats % and _ as wildcards: a search for "a_b" means the literal text. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, "\\$&")}%`;
}

export function sortKeySql(sort: AdminSort): Prisma.Sql {
  return sort === "verified" ? Prisma.sql`COALESCE(c.last_verified_at, '-infinity'::timestamptz)` : Prisma.sql`c.created_at`;
}

export function connectionListSql(query: ConnectionQuery): Prisma.Sql {
  const key = sortKeySql(query.sort);
  const where: Prisma.Sql[] = [];
  if (query.status) where.push(Prisma.sql`c.status = ${query.status}::"ConnectionStatus"`);
  if (query.search.kind === "account") where.push(Prisma.sql`c.account_id LIKE ${likePrefix(query.search.prefix)}`);
  if (query.search.kind === "email") {
    where.push(Prisma.sql`c.owner_id IN (SELECT u2.id FROM users u2 WHERE u2.email LIKE ${likePrefix(query.search.prefix)})`);
  }
  const back = query.cursor?.d === "prev";
  if (query.cursor) {
    const seek = back ? Prisma.sql`>` : Prisma.sql`<`;
    where.push(Prisma.sql`(${key}, c.id) ${seek} (${query.cursor.k}::timestamptz, ${query.cursor.id}::uuid)`);
  }
  const whereSql = where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
  // Going back walks the same index the other way; the caller reverses the rows.
  const order = back ? Prisma.sql`ORDER BY ${key} ASC, c.id ASC` : Prisma.sql`ORDER BY ${key} DESC, c.id DESC`;
  return Prisma.sql`
    SELECT c.id::text AS id, c.account_id, u.email, c.region, c.status::text AS status, c.role_arn,
           c.connected_at, c.created_at, c.last_verified_at, c.last_verify_ok,
           -- A waiting link's diagnosis is its "last error" for the admin: why its stack has not connected.
           COALESCE(c.last_error, CASE WHEN c.status = 'pending' THEN c.diagnosis END) AS last_error
    FROM connections c JOIN users u ON u.id = c.owner_id
    ${whereSql}
    ${order}
    LIMIT ${query.limit}`;
}
