import Link from "next/link";
import { STATUS_LABELS } from "@/lib/connections/states";
import { listHref } from "@/lib/admin/list-params";
import type { StatusCounts } from "@/lib/data/admin-connections";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

const ORDER: ConnectionStatus[] = ["connected", "broken", "verifying", "pending", "failed", "disconnected"];

export function StatusCountCards({ counts }: { counts: StatusCounts }) {
  return (
    <ul aria-label="Connections by status" className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
      <li className="rounded-lg border border-slate-200 bg-white p-3">
        <Link href="/admin" className="block">
          <span className="block text-xs text-slate-500">All</span>
          <span className="text-xl font-semibold" data-testid="count-total">{counts.total.toLocaleString("en")}</span>
        </Link>
      </li>
      {ORDER.map((status) => (
        <li key={status} className="rounded-lg border border-slate-200 bg-white p-3">
          <Link href={listHref({ status })} className="block">
            <span className="block text-xs text-slate-500">{STATUS_LABELS[status]}</span>
            <span className="text-xl font-semibold" data-testid={`count-${status}`}>{counts[status].toLocaleString("en")}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
