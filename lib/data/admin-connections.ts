/** Admin reads for the /admin table. Each checks the admin session itself. */
import "server-only";
import { db } from "@/lib/db";
import { requireAdmin } from "@/lib/auth/session";
import { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { connectionCountSql, connectionListSql, type ConnectionFilter, type ConnectionRow } from "@/lib/admin/connection-query";
import { encodeCursor, timeKey, type Cursor } from "@/lib/admin/keyset";
import { classifySearch, type AdminSort, type ListParams } from "@/lib/admin/list-params";
import { loadCustomerTemplate } from "@/lib/cfn/template";
import { isOutdated } from "@/lib/connections/template-update";

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
  templateVersion: string | null;
  /** The stack reported an older template version than the current one. */
  outdated: boolean;
  lastError: string | null;
  /** Connected through an organization (its o-… ID, or management account while unconfirmed). */
  organization: string | null;
}

export interface AdminConnectionPage {
  rows: AdminConnectionRow[];
  /** Opaque cursors for the next/previous page, or null at either end. */
  nextCursor: string | null;
  prevCursor: string | null;
  /** How many connections match the filter, and where this page starts among them (0-based). */
  total: number;
  offset: number;
}

/** A cursor made for another sort (a hand-edited URL) would not even cast: start over instead. */
function fitsSort(cursor: Cursor | null, sort: AdminSort): Cursor | null {
  if (!cursor) return null;
  const isAccount = /^\d{12}$/.test(cursor.k);
  return isAccount === (sort === "account") ? cursor : null;
}

function sortKey(sort: AdminSort, row: AdminConnectionRow): string {
  if (sort === "account") return row.accountId;
  return timeKey(sort === "verified" ? row.lastVerifiedAt : row.createdAt);
}

export async function listAdminConnections(params: ListParams, pageSize = params.size): Promise<AdminConnectionPage> {
  await requireAdmin();
  const cursor = fitsSort(params.cursor, params.sort);
  const filter = filterOf(params);
  const [found, counted] = await Promise.all([
    db.$queryRaw<ConnectionRow[]>(connectionListSql({ ...filter, sort: params.sort, dir: params.dir, cursor, limit: pageSize + 1 })),
    db.$queryRaw<Array<{ total: number }>>(connectionCountSql(filter)),
  ]);
  const total = counted[0]?.total ?? 0;
  const back = cursor?.d === "prev";
  const more = found.length > pageSize;
  const rows = found.slice(0, pageSize).map(toRow);
  if (back) rows.reverse();
  const first = rows.at(0);
  const last = rows.at(-1);
  // Forward: a page after exists if we found more; one before exists if we came by cursor. Backward: the mirror.
  const hasNext = back ? Boolean(cursor) : more;
  const hasPrev = back ? more : Boolean(cursor);
  // The position rides along in the cursor; it is only a label, so a stale one is clamped, never trusted.
  const offset = hasPrev ? Math.min(cursor?.o ?? 0, Math.max(total - rows.length, 0)) : 0;
  return {
    rows,
    total,
    offset,
    nextCursor: hasNext && last ? encodeCursor({ k: sortKey(params.sort, last), id: last.id, o: offset + rows.length }) : null,
    prevCursor:
      hasPrev && first
        ? encodeCursor({ k: sortKey(params.sort, first), id: first.id, d: "prev", o: Math.max(offset - pageSize, 0) })
        : null,
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
    templateVersion: row.template_version,
    outdated: isOutdated(row.template_version) && row.template_version !== null,
    lastError: row.last_error,
    organization: row.organization,
  };
}

function organizationFilter(org: string): ConnectionFilter["organization"] {
  return org === "members" || org === "single" ? org : { linkId: org };
}

/** The filter shared by the page, its count and the export. */
function filterOf(params: Pick<ListParams, "q" | "status" | "template" | "org">) {
  return {
    search: classifySearch(params.q),
    status: params.status,
    ...(params.org ? { organization: organizationFilter(params.org) } : {}),
    ...(params.template === "outdated" ? { olderThanVersion: loadCustomerTemplate().version } : {}),
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

/** The export stops here: the whole fleet fits, a runaway request does not. */
export const CONNECTIONS_EXPORT_LIMIT = 200_000;
const EXPORT_BATCH = 1_000;

/** Every connection the list's filter and sort show, in batches (keyset pages, never one huge query). */
export async function exportAdminConnections(params: ListParams): Promise<AsyncGenerator<AdminConnectionRow[]>> {
  await requireAdmin();
  return connectionBatches(params);
}

async function* connectionBatches(params: ListParams): AsyncGenerator<AdminConnectionRow[]> {
  const filter = { ...filterOf(params), sort: params.sort, dir: params.dir };
  let cursor: Cursor | null = null;
  let sent = 0;
  while (sent < CONNECTIONS_EXPORT_LIMIT) {
    const found: ConnectionRow[] = await db.$queryRaw<ConnectionRow[]>(
      connectionListSql({ ...filter, cursor, limit: Math.min(EXPORT_BATCH, CONNECTIONS_EXPORT_LIMIT - sent) }),
    );
    if (found.length === 0) return;
    const rows = found.map(toRow);
    sent += rows.length;
    yield rows;
    const last = rows.at(-1)!;
    cursor = { k: sortKey(params.sort, last), id: last.id };
    if (found.length < EXPORT_BATCH) return;
  }
}

/** Organization links for the list's Organization filter, newest first. */
export async function listAdminOrganizations(): Promise<Array<{ id: string; label: string }>> {
  await requireAdmin();
  const links = await db.organizationLink.findMany({
    select: { id: true, organizationId: true, managementAccountId: true, region: true },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return links.map((link) => ({
    id: link.id,
    label: `${link.organizationId ?? `management ${link.managementAccountId}`} · ${link.region}`,
  }));
}
