import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import type { AdminConnectionRow } from "@/lib/data/admin-connections";
import { formatDate } from "./format";

function LastVerified({ row }: { row: AdminConnectionRow }) {
  if (!row.lastVerifiedAt) return <span className="text-slate-400">Never</span>;
  return (
    <span className="whitespace-nowrap">
      {formatDate(row.lastVerifiedAt)}{" "}
      {row.lastVerifyOk ? <span className="text-emerald-700">· OK</span> : <span className="text-red-700">· Failed</span>}
    </span>
  );
}

export function ConnectionsTable({ rows }: { rows: AdminConnectionRow[] }) {
  if (rows.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">No connections match.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Connections">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">Account</th>
            <th scope="col" className="px-3 py-2">Customer</th>
            <th scope="col" className="px-3 py-2">Region</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2">Role ARN</th>
            <th scope="col" className="px-3 py-2">Connected (UTC)</th>
            <th scope="col" className="px-3 py-2">Last verified (UTC)</th>
            <th scope="col" className="px-3 py-2">Last error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id} data-testid="connection-row">
              <td className="px-3 py-2 font-mono">
                <Link href={`/admin/accounts/${row.id}`} className="text-indigo-700 hover:underline">{row.accountId}</Link>
              </td>
              <td className="max-w-[10rem] truncate px-3 py-2" title={row.email}>{row.email}</td>
              <td className="whitespace-nowrap px-3 py-2">{row.region}</td>
              <td className="px-3 py-2"><StatusBadge status={row.status} /></td>
              <td className="max-w-[10rem] truncate px-3 py-2 font-mono text-xs" title={row.roleArn ?? undefined}>{row.roleArn ?? "—"}</td>
              <td className="whitespace-nowrap px-3 py-2">{formatDate(row.connectedAt)}</td>
              <td className="px-3 py-2"><LastVerified row={row} /></td>
              <td className="max-w-[14rem] truncate px-3 py-2 text-xs text-red-800" title={row.lastError ?? undefined}>{row.lastError ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
