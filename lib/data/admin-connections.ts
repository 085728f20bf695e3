/** Admin reads for the /admin table. Each checks the admin session itself. */
import "server-only";
import { db } from "@/lib/db";
import { requireAdmin } from "@/lib/auth/session";
import { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { connectionListSql, type ConnectionRow } from "@/lib/admin/connection-query";
import { encodeCursor, timeKey } from "@/lib/admin/keyset";
import { classifySearch, PAGE_SIZE, type ListParams } from "@/lib/admin/list-params";

export interface AdminConnectionRow {
  id: string;
  accountId: string;
  email: string;
  region: string;
  status: ConnectionStatus;
  roleArn: string | null;
  connectedAt: Date | null;
  createdAt: Date;
  lastVerifiedAt: Date | null;
  lastVerifyOk: boolean | null;
  lastError: string | null;
}

export interface AdminConnectionPage {
  rows: AdminConnectionRow[];
  /** Opaque cursors for the next/previous page, or null at either end. */
  nextCursor: string | null;
  prevCursor: string | null;
}

export async function listAdminConnections(params: ListParams, pageSize = PAGE_SIZE): Promise<AdminConnectionPage> {
  await requireAdmin();
  const found = await db.$queryRaw<ConnectionRow[]>(
    connectionListSql({ search: classifySearch(params.q), status: params.status, sort: params.sort, cursor: params.cursor, limit: pageSize + 1 }),
  );
  const back = params.cursor?.d === "prev";
  const more = found.length > pageSize;
  const rows = found.slice(0, pageSize).map(toRow);
  if (back) rows.reverse();
  const keyOf = (row: AdminConnectionRow) => timeKey(params.sort === "verified" ? row.lastVerifiedAt : row.createdAt);
  const first = rows.at(0);
  const last = rows.at(-1);
  // Forward: a page after exists if we found more; one before exists if we came by cursor. Backward: the mirror.
  const hasNext = back ? Boolean(params.cursor) : more;
  const hasPrev = back ? more : Boolean(params.cursor);
  return {
    rows,
    nextCursor: hasNext && last ? encodeCursor({ k: keyOf(last), id: last.id }) : null,
    prevCursor: hasPrev && first ? encodeCursor({ k: keyOf(first), id: first.id, d: "prev" }) : null,
  };
}

function toRow(row: ConnectionRow): AdminConnectionRow {
  return {
    id: row.id,
    accountId: row.account_id,
    email: row.email,
    region: row.region,
    status: row.status,
    roleArn: row.role_arn,
    connectedAt: row.connected_at,
    createdAt: row.created_at,
    lastVerifiedAt: row.last_verified_at,
    lastVerifyOk: row.last_verify_ok,
    lastError: row.last_error,
  };
}

export type StatusCounts = Record<ConnectionStatus, number> & { total: number };

export async function countConnectionsByStatus(): Promise<StatusCounts> {
  await requireAdmin();
  const groups = await db.connection.groupBy({ by: ["status"], _count: { _all: true } });
  const counts = Object.fromEntries(Object.values(ConnectionStatus).map((s) => [s, 0])) as Record<ConnectionStatus, number>;
  let total = 0;
  for (const group of groups) {
    counts[group.status] = group._count._all;
    total += group._count._all;
  }
  return { ...counts, total };
}
