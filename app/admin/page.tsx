import Link from "next/link";
import { countConnectionsByStatus, listAdminConnections } from "@/lib/data/admin-connections";
import { getLatestVerifyRun } from "@/lib/data/admin-verify-runs";
import { listAdminNotices } from "@/lib/data/admin-notices";
import { AdminNotices } from "./_components/notices";
import { listHref, parseListParams } from "@/lib/admin/list-params";
import { StatusCountCards } from "./_components/status-counts";
import { ConnectionFilters } from "./_components/filters";
import { ConnectionsTable } from "./_components/connections-table";
import { FleetPanel } from "./_components/fleet-panel";
import { requireAdminPage } from "./_components/require-admin-page";

export const metadata = { title: "Admin · Connections" };

export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminPage();
  const params = parseListParams(await searchParams);
  const [counts, page, run, notices] = await Promise.all([
    countConnectionsByStatus(),
    listAdminConnections(params),
    getLatestVerifyRun(),
    listAdminNotices(),
  ]);
  const base = { q: params.q, status: params.status, sort: params.sort };
  return (
    <section className="space-y-5">
      <h1 className="text-2xl font-semibold">Connected accounts</h1>
      <AdminNotices notices={notices} />
      <StatusCountCards counts={counts} />
      <FleetPanel
        run={run && { ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null }}
      />
      <ConnectionFilters params={params} />
      <ConnectionsTable rows={page.rows} />
      <nav aria-label="Pagination" className="flex items-center justify-between text-sm">
        <span className="flex gap-4">
          {params.cursor && <Link href={listHref(base)} className="text-indigo-700 hover:underline">First page</Link>}
          {page.prevCursor && (
            <Link href={listHref({ ...base, cursor: page.prevCursor })} className="text-indigo-700 hover:underline">Previous page</Link>
          )}
        </span>
        {page.nextCursor ? (
          <Link href={listHref({ ...base, cursor: page.nextCursor })} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">
            Next page
          </Link>
        ) : (
          <span className="text-slate-500">End of list</span>
        )}
      </nav>
    </section>
  );
}
