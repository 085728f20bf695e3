/**
 * The SQL behind the /admin table. Written by hand so every shape (sort ×
 * direction × status filter × cursor) is an index range scan: the keyset is
 * one row comparison `(key, id) < (…)` matching an index `(key, id)` walked
 * either way. Substring search goes through trigram indexes (pg_trgm).
 */
import { Prisma } from "@/lib/generated/prisma/client";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import type { Cursor } from "./keyset";
import type { AdminSort, Search, SortDir } from "./list-params";

export interface ConnectionFilter {
  search: Search;
  status?: ConnectionStatus;
  /** Only stacks that reported a template version older than this one. */
  olderThanVersion?: string;
  /** Organization members, single accounts, or one organization link's accounts (its id). */
  organization?: "members" | "single" | { linkId: string };
}

export interface ConnectionQuery extends ConnectionFilter {
  sort: AdminSort;
  /** Defaults to descending (the time sorts' natural order). */
  dir?: SortDir;
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
  template_version: string | null;
  last_error: string | null;
  /** The organization (o-…) a member connection belongs to, or its management account while unconfirmed. */
  organization: string | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/** LIKE treats % and _ as wildcards: a search for "a_b" means the literal text. */
export function likePrefix(prefix: string): string {
  return `${escapeLike(prefix)}%`;
}

export function likeContains(needle: string): string {
  return `%${escapeLike(needle)}%`;
}

export function sortKeySql(sort: AdminSort): Prisma.Sql {
  if (sort === "account") return Prisma.sql`c.account_id`;
  return sort === "verified" ? Prisma.sql`COALESCE(c.last_verified_at, '-infinity'::timestamptz)` : Prisma.sql`c.created_at`;
}

function cursorKeySql(sort: AdminSort, key: string): Prisma.Sql {
  return sort === "account" ? Prisma.sql`${key}::text` : Prisma.sql`${key}::timestamptz`;
}

/** The WHERE conditions of a filter (no cursor): shared by the page, its count and the export. */
export function filterConditions(filter: ConnectionFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filter.status) where.push(Prisma.sql`c.status = ${filter.status}::"ConnectionStatus"`);
  if (filter.olderThanVersion) {
    // Compared as numbers (1.10.0 > 1.9.0); a version that is not x.y.z is never cast, so it cannot fail the query.
    where.push(Prisma.sql`CASE WHEN c.template_version ~ '^[0-9]{1,6}\.[0-9]{1,6}\.[0-9]{1,6}$'
      THEN string_to_array(c.template_version, '.')::int[] < string_to_array(${filter.olderThanVersion}, '.')::int[] ELSE false END`);
  }
  if (filter.organization === "members") where.push(Prisma.sql`c.organization_link_id IS NOT NULL`);
  if (filter.organization === "single") where.push(Prisma.sql`c.organization_link_id IS NULL`);
  if (typeof filter.organization === "object") where.push(Prisma.sql`c.organization_link_id = ${filter.organization.linkId}::uuid`);
  const search = filter.search;
  if (search.kind === "account") where.push(Prisma.sql`c.account_id LIKE ${likePrefix(search.prefix)}`);
  if (search.kind === "email") {
    where.push(Prisma.sql`c.owner_id IN (SELECT u2.id FROM users u2 WHERE u2.email LIKE ${likePrefix(search.prefix)})`);
  }
  if (search.kind === "contains") {
    const pattern = likeContains(search.needle);
    // `= ANY(ARRAY(…))` rather than `IN (…)`: the planner can then OR it with the trigram lookups as bitmaps.
    where.push(Prisma.sql`(c.account_id LIKE ${pattern} OR c.role_arn ILIKE ${pattern}
      OR c.owner_id = ANY(ARRAY(SELECT u2.id FROM users u2 WHERE u2.email ILIKE ${pattern})))`);
  }
  return where;
}

function whereSql(where: Prisma.Sql[]): Prisma.Sql {
  return where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
}

export function connectionListSql(query: ConnectionQuery): Prisma.Sql {
  const key = sortKeySql(query.sort);
  const where = filterConditions(query);
  const back = query.cursor?.d === "prev";
  // Walking back reads the same index the other way; the caller reverses the rows.
  const ascending = (query.dir === "asc") !== back;
  if (query.cursor) {
    const seek = ascending ? Prisma.sql`>` : Prisma.sql`<`;
    where.push(Prisma.sql`(${key}, c.id) ${seek} (${cursorKeySql(query.sort, query.cursor.k)}, ${query.cursor.id}::uuid)`);
  }
  const select = Prisma.sql`
    SELECT c.id::text AS id, c.account_id, u.email, c.region, c.status::text AS status, c.role_arn,
           c.connected_at, c.created_at, c.last_verified_at, c.last_verify_ok, c.template_version,
           -- A waiting link's diagnosis is its "last error" for the admin: why its stack has not connected.
           COALESCE(c.last_error, CASE WHEN c.status = 'pending' THEN c.diagnosis END) AS last_error,
           (SELECT COALESCE(o.organization_id, o.management_account_id) FROM organization_links o WHERE o.id = c.organization_link_id) AS organization,
           ${key} AS sort_key, c.id AS uuid
    FROM connections c JOIN users u ON u.id = c.owner_id
    ${whereSql(where)}`;
  if (query.search.kind === "none") {
    // Walks the (key, id) index in order and stops after `limit` rows.
    const indexOrder = ascending ? Prisma.sql`ORDER BY ${key} ASC, c.id ASC` : Prisma.sql`ORDER BY ${key} DESC, c.id DESC`;
    return Prisma.sql`${select} ${indexOrder} LIMIT ${query.limit}`;
  }
  // A search: find every match through the trigram/prefix indexes first (OFFSET 0 keeps the
  // planner from walking the sort index row by row, testing each one), then sort the matches.
  const order = ascending ? Prisma.sql`ORDER BY sort_key ASC, uuid ASC` : Prisma.sql`ORDER BY sort_key DESC, uuid DESC`;
  return Prisma.sql`SELECT * FROM (${select} OFFSET 0) matches ${order} LIMIT ${query.limit}`;
}

/** How many connections match a filter: the "of 1,234" beside the page. */
export function connectionCountSql(filter: ConnectionFilter): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS total FROM connections c ${whereSql(filterConditions(filter))}`;
}
