/** GET /admin/audit/export: the audit log as CSV. Checks the admin session itself (the proxy is only the first gate). */
import { NotAuthorizedError, requireAdmin } from "@/lib/auth/session";
import { exportAuditEntries } from "@/lib/data/admin-audit";
import { parseAuditParams } from "@/lib/admin/audit-params";
import { AUDIT_CSV_HEADER, auditCsvLine } from "@/lib/admin/audit-csv";
import { csvDownload } from "@/lib/admin/csv-download";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    await requireAdmin();
  } catch (error) {
    if (error instanceof NotAuthorizedError)
      return new Response("Forbidden\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
  const { account } = parseAuditParams(Object.fromEntries(new URL(request.url).searchParams));
  const batches = await exportAuditEntries({ account });
  return csvDownload({
    header: AUDIT_CSV_HEADER,
    batches,
    line: auditCsvLine,
    filename: `rolelink-audit-${account ?? "all"}`,
    what: "audit",
  });
}
