import Link from "next/link";
import { listHref, type ListState } from "@/lib/admin/list-params";
import type { AdminConnectionPage } from "@/lib/data/admin-connections";

const linkClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50";

/** "51–100 of 1,234": where this page sits in everything the filter matches. */
export function rangeText(page: AdminConnectionPage): string {
  if (page.total === 0 || page.rows.length === 0) return "No connections";
  const from = page.offset + 1;
  const to = page.offset + page.rows.length;
  return `${from.toLocaleString("en")}–${to.toLocaleString("en")} of ${page.total.toLocaleString("en")}`;
}

/** The page links (keyset cursors, so a deep page costs as little as the first). */
export function Pagination({ page, state, atStart }: { page: AdminConnectionPage; state: ListState; atStart: boolean }) {
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-slate-700">{rangeText(page)}</p>
      <span className="flex flex-wrap items-center gap-2">
        {!atStart && (
          <Link href={listHref(state)} className={linkClass}>
            First page
          </Link>
        )}
        {page.prevCursor && (
          <Link href={listHref({ ...state, cursor: page.prevCursor })} className={linkClass}>
            Previous page
          </Link>
        )}
        {page.nextCursor ? (
          <Link href={listHref({ ...state, cursor: page.nextCursor })} className={linkClass}>
            Next page
          </Link>
        ) : (
          <span className="text-slate-600">End of list</span>
        )}
      </span>
    </nav>
  );
}
