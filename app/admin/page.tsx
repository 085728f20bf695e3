import { Suspense } from "react";
import type { Metadata } from "next";
import { STATUS_LABELS } from "@/lib/connections/states";
import { Skeleton } from "@/components/ui/skeleton";
import { countConnectionsByStatus, listAdminConnections, listAdminOrganizations } from "@/lib/data/admin-connections";
import { getLatestVerifyRun } from "@/lib/data/admin-verify-runs";
import { listAdminNotices } from "@/lib/data/admin-notices";
import { filterState, listQuery, parseListParams } from "@/lib/admin/list-params";
import { AdminNotices } from "./_components/notices";
import { StatusCountCards } from "./_components/status-counts";
import { ConnectionFilters } from "./_components/filters";
import { ConnectionsTable } from "./_components/connections-table";
import { FleetPanel } from "./_components/fleet-panel";
import { Pagination, rangeText } from "./_components/pagination";
import { requireAdminPage } from "./_components/require-admin-page";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The tab follows the filter: "Admin · Connections: Broken", "Admin · Connections matching “acme”". */
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { status, q } = parseListParams(await searchParams);
  const what = status ? `Connections: ${STATUS_LABELS[status]}` : "Connections";
  return { title: q ? `Admin · ${what} matching “${q}”` : `Admin · ${what}` };
}

/** Notices and the fleet run are streamed in: the list does not wait for them. */
async function NoticesSection() {
  return <AdminNotices notices={await listAdminNotices()} />;
}

async function FleetSection() {
  const run = await getLatestVerifyRun();
  return <FleetPanel run={run && { ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null }} />;
}

export default async function AdminPage({ searchParams }: Props) {
  await requireAdminPage();
  const params = parseListParams(await searchParams);
  const [counts, page, organizations] = await Promise.all([
    countConnectionsByStatus(),
    listAdminConnections(params),
    listAdminOrganizations(),
  ]);
  const state = filterState(params);
  const exportQuery = listQuery({ ...state, size: undefined }).toString();
  return (
    <section className="space-y-5">
      <a
        href="#results"
        className="sr-only focus:not-sr-only focus:inline-block focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:ring-2 focus:ring-indigo-600"
      >
        Skip to results
      </a>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold">Connected accounts</h1>
        <a
          href={exportQuery ? `/admin/export?${exportQuery}` : "/admin/export"}
          download
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50"
        >
          Export CSV
        </a>
      </div>
      <Suspense fallback={null}>
        <NoticesSection />
      </Suspense>
      <StatusCountCards counts={counts} state={state} />
      <Suspense fallback={<Skeleton className="h-20" />}>
        <FleetSection />
      </Suspense>
      <ConnectionFilters state={state} organizations={organizations} />
      <div id="results" tabIndex={-1} className="space-y-3 focus:outline-none">
        <p data-testid="list-range" className="text-sm font-medium text-slate-800">
          {rangeText(page)}
        </p>
        <ConnectionsTable rows={page.rows} state={state} />
        <Pagination page={page} state={state} atStart={!params.cursor} />
      </div>
    </section>
  );
}
