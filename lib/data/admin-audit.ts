/** Admin reads for the audit log page and its CSV export. Each checks the admin session itself. */
import "server-only";
import { db } from "@/lib/db";
import { requireAdmin } from "@/lib/auth/session";
import { auditSql, toAuditEntry, type AuditEntry, type AuditEventRow } from "@/lib/admin/audit-query";
import { encodeCursor, timeKey, type Cursor } from "@/lib/admin/keyset";

export const AUDIT_PAGE_SIZE = 50;
/** A CSV larger than this is cut (and says so): filter by account for more. */
export const AUDIT_EXPORT_LIMIT = 50_000;
const EXPORT_BATCH = 1_000;

export async function listAuditEntries(filter: {
  account?: string;
  cursor?: Cursor | null;
}): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  await requireAdmin();
  const rows = await db.$queryRaw<AuditEventRow[]>(auditSql({ ...filter, limit: AUDIT_PAGE_SIZE + 1 }));
  const entries = rows.slice(0, AUDIT_PAGE_SIZE).map(toAuditEntry);
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > AUDIT_PAGE_SIZE && last ? encodeCursor({ k: timeKey(last.at), id: last.id }) : null };
}

/**
 * Every matching entry, newest first, in batches (keyset) so memory stays flat.
 * The session is checked here, up front: the batches are read later, while the
 * response streams, outside the request scope the session needs.
 */
export async function exportAuditEntries(filter: { account?: string }): Promise<AsyncGenerator<AuditEntry[]>> {
  await requireAdmin();
  return auditBatches(filter);
}

async function* auditBatches(filter: { account?: string }): AsyncGenerator<AuditEntry[]> {
  let cursor: Cursor | null = null;
  let sent = 0;
  while (sent < AUDIT_EXPORT_LIMIT) {
    const rows: AuditEventRow[] = await db.$queryRaw<AuditEventRow[]>(
      auditSql({ ...filter, cursor, limit: Math.min(EXPORT_BATCH, AUDIT_EXPORT_LIMIT - sent) }),
    );
    if (rows.length === 0) return;
    const entries = rows.map(toAuditEntry);
    sent += entries.length;
    yield entries;
    const last = entries.at(-1)!;
    cursor = { k: timeKey(last.at), id: last.id };
    if (rows.length < EXPORT_BATCH) return;
  }
}
