/**
 * GET /admin/export: the connections list as CSV, with the same filter and sort
 * as the page (the same URL parameters). Checks the admin session itself (the
 * proxy is only the first gate).
 */
import { NotAuthorizedError, requireAdmin } from "@/lib/auth/session";
import { exportAdminConnections } from "@/lib/data/admin-connections";
import { parseListParams } from "@/lib/admin/list-params";
import { CONNECTIONS_CSV_HEADER, connectionCsvLine } from "@/lib/admin/connections-csv";
import { csvLine } from "@/lib/admin/csv";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    await requireAdmin();
  } catch (error) {
    if (error instanceof NotAuthorizedError) return new Response("Forbidden\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
  const params = parseListParams(Object.fromEntries(new URL(request.url).searchParams));
  const encoder = new TextEncoder();
  const batches = await exportAdminConnections(params);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(CONNECTIONS_CSV_HEADER)));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map(connectionCsvLine).join("")));
      } catch (error) {
        log.error("connections export failed", { error });
        controller.error(error);
      }
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="rolelink-connections-${params.status ?? "all"}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
