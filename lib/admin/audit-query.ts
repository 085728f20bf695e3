/**
 * The audit log: every AssumeRole rolelink made (verify.succeeded /
 * verify.failed events, and credentials.issued / credentials.refused from the
 * API's credential broker), newest first, keyset-paged on the partial index
 * events_assume_role_idx. Shared by the page and the CSV export.
 */
import { Prisma } from "@/lib/generated/prisma/client";
import type { Cursor } from "./keyset";
import { likePrefix } from "./connection-query";
import { asDetail, describeReason } from "./describe-event";

export interface AuditFilter {
  /** Account ID prefix (digits only). */
  account?: string;
  cursor?: Cursor | null;
  limit: number;
}

export interface AuditEventRow {
  id: string;
  created_at: Date;
  kind: string;
  actor: string;
  detail: unknown;
  account_id: string | null;
  connection_id: string | null;
}

export interface AuditEntry {
  id: string;
  at: Date;
  accountId: string | null;
  connectionId: string | null;
  who: string;
  why: string;
  outcome: "succeeded" | "failed";
  code: string;
  message: string;
  roleArn: string;
  assumedRoleArn: string;
}

export function auditSql(filter: AuditFilter): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`e.kind IN ('verify.succeeded', 'verify.failed', 'credentials.issued', 'credentials.refused')`];
  if (filter.account) {
    where.push(Prisma.sql`e.connection_id IN (SELECT c2.id FROM connections c2 WHERE c2.account_id LIKE ${likePrefix(filter.account)})`);
  }
  if (filter.cursor) where.push(Prisma.sql`(e.created_at, e.id) < (${filter.cursor.k}::timestamptz, ${filter.cursor.id}::bigint)`);
  return Prisma.sql`
    SELECT e.id::text AS id, e.created_at, e.kind, e.actor, e.detail, c.account_id, e.connection_id::text AS connection_id
    FROM events e LEFT JOIN connections c ON c.id = e.connection_id
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY e.created_at DESC, e.id DESC
    LIMIT ${filter.limit}`;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

export function toAuditEntry(row: AuditEventRow): AuditEntry {
  const d = asDetail(row.detail);
  const ok = row.kind === "verify.succeeded" || row.kind === "credentials.issued";
  const who = row.actor.startsWith("admin:")
    ? text(d.by) || row.actor
    : row.actor.startsWith("api-key:")
      ? `API key ${row.actor.slice("api-key:".length)}`
      : "system";
  return {
    id: row.id,
    at: row.created_at,
    accountId: row.account_id,
    connectionId: row.connection_id,
    who,
    why: describeReason(d.reason),
    outcome: ok ? "succeeded" : "failed",
    code: ok ? "" : text(d.code) || text(d.outcome),
    message: ok ? "" : text(d.message),
    roleArn: text(d.roleArn),
    assumedRoleArn: text(d.assumedRoleArn),
  };
}
