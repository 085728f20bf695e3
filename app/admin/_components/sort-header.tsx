import Link from "next/link";
import { Th } from "@/components/ui/table";
import { DEFAULT_DIR, listHref, type AdminSort, type ListState } from "@/lib/admin/list-params";

/** A column header that sorts by its column; clicking the active one flips the direction. */
export function SortHeader({ column, state, children }: { column: AdminSort; state: ListState; children: string }) {
  const active = (state.sort ?? "newest") === column;
  const dir = active ? state.dir : undefined;
  const next = active ? (dir === "asc" ? "desc" : "asc") : DEFAULT_DIR[column];
  return (
    <Th aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none"}>
      <Link
        href={listHref({ ...state, sort: column, dir: next, cursor: undefined })}
        className="inline-flex items-center gap-1 uppercase hover:text-indigo-700 focus-visible:text-indigo-700"
      >
        {children}
        <span aria-hidden="true" className={active ? "text-indigo-700" : "text-slate-500"}>
          {dir === "asc" ? "▲" : dir === "desc" ? "▼" : "↕"}
        </span>
        <span className="sr-only">{`, sort ${next === "asc" ? "ascending" : "descending"}`}</span>
      </Link>
    </Th>
  );
}
