/** GET /admin/audit/export: the audit log as CSV. Checks the admin session itself (the proxy is only the first gate). */
import { NotAuthorizedError, requireAdmin } from "@/lib/auth/session";
import { exportAuditEntries } from "@/lib/data/admin-audit";
import { parseAuditParams } from "@/lib/admin/audit-params";
import { AUDIT_CSV_HEADER, auditCsvLine, csvLine } from "@/lib/admin/audit-csv";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    await requireAdmin();
  } catch (error) {
    if (error instanceof NotAuthorizedError) return new Response("Forbidden\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
  const { account } = parseAuditParams(Object.fromEntries(new URL(request.url).searchParams));
  const encoder = new TextEncoder();
  const batches = await exportAuditEntries({ account });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(AUDIT_CSV_HEADER)));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map(auditCsvLine).join("")));
      } catch (error) {
        log.error("audit export failed", { error });
        controller.error(error);
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="rolelink-audit-${account ?? "all"}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
