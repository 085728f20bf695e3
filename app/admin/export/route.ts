/**
 * GET /admin/export: the connections list as CSV, with the same filter and sort
 * as the page (the same URL parameters). Checks the admin session itself (the
 * proxy is only the first gate).
 */
import { NotAuthorizedError, requireAdmin } from "@/lib/auth/session";
import { exportAdminConnections } from "@/lib/data/admin-connections";
import { parseListParams } from "@/lib/admin/list-params";
import { CONNECTIONS_CSV_HEADER, connectionCsvLine } from "@/lib/admin/connections-csv";
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
  const params = parseListParams(Object.fromEntries(new URL(request.url).searchParams));
  const batches = await exportAdminConnections(params);
  return csvDownload({
    header: CONNECTIONS_CSV_HEADER,
    batches,
    line: connectionCsvLine,
    filename: `rolelink-connections-${params.status ?? "all"}`,
    what: "connections",
  });
}
