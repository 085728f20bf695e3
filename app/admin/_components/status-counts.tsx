import Link from "next/link";
import { STATUS_LABELS } from "@/lib/connections/states";
import { listHref, type ListState } from "@/lib/admin/list-params";
import type { StatusCounts } from "@/lib/data/admin-connections";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

const ORDER: ConnectionStatus[] = ["connected", "broken", "verifying", "pending", "failed", "disconnected"];

/** Status tiles: each one filters the list, keeping the search, sort and page size; the active one is marked. */
export function StatusCountCards({ counts, state }: { counts: StatusCounts; state: ListState }) {
  const tiles: Array<{ status?: ConnectionStatus; label: string; count: number; testId: string }> = [
    { label: "All", count: counts.total, testId: "count-total" },
    ...ORDER.map((status) => ({ status, label: STATUS_LABELS[status], count: counts[status], testId: `count-${status}` })),
  ];
  return (
    <ul aria-label="Connections by status" className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
      {tiles.map((tile) => {
        const selected = state.status === tile.status;
        return (
          <li key={tile.label}>
            <Link
              href={listHref({ ...state, status: tile.status, cursor: undefined })}
              aria-current={selected ? "true" : undefined}
              className={`block rounded-lg border bg-white p-3 hover:border-indigo-400 ${selected ? "border-indigo-600 ring-2 ring-indigo-600" : "border-slate-200"}`}
            >
              <span className="block text-xs text-slate-600">{tile.label}</span>
              <span className="text-xl font-semibold" data-testid={tile.testId}>
                {tile.count.toLocaleString("en")}
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
