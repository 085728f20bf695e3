import { STATUS_LABELS } from "@/lib/connections/states";
import type { ListParams } from "@/lib/admin/list-params";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

/** A plain GET form: the URL is the state, so filters survive reloads and links. */
export function ConnectionFilters({ params }: { params: ListParams }) {
  return (
    <form method="get" action="/admin" role="search" className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="q" className="block text-sm font-medium text-slate-800">Search</label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={params.q}
          placeholder="Account ID or email (starts with)"
          className="mt-1 w-72 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        />
      </div>
      <div>
        <label htmlFor="status" className="block text-sm font-medium text-slate-800">Status</label>
        <select id="status" name="status" defaultValue={params.status ?? ""} className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm">
          <option value="">All statuses</option>
          {(Object.keys(STATUS_LABELS) as ConnectionStatus[]).map((status) => (
            <option key={status} value={status}>{STATUS_LABELS[status]}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="sort" className="block text-sm font-medium text-slate-800">Sort</label>
        <select id="sort" name="sort" defaultValue={params.sort} className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm">
          <option value="newest">Newest first</option>
          <option value="verified">Last verified first</option>
        </select>
      </div>
      <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">Apply</button>
    </form>
  );
}
