"use client";

import { useEffect, useState } from "react";
import { usePathname, useSearchParams } from "next/navigation";

const SHOW_MS = 8_000;

/**
 * A short confirmation after a redirect ("Link cancelled."). The notice comes
 * in the URL (`?notice=…`, validated by the page); it is removed from the URL at
 * once so a reload or a shared link does not repeat it.
 */
export function Toast({ message }: { message: string }) {
  const [open, setOpen] = useState(true);
  const pathname = usePathname();
  const search = useSearchParams();

  useEffect(() => {
    if (!search.has("notice")) return;
    const rest = new URLSearchParams(search);
    rest.delete("notice");
    const query = rest.toString();
    // The browser's own history API: Next keeps its router in sync without fetching the page
    // again (a router.replace would re-render the page without the notice, and this toast with it).
    window.history.replaceState(window.history.state, "", query ? `${pathname}?${query}` : pathname);
  }, [pathname, search]);

  useEffect(() => {
    const timer = setTimeout(() => setOpen(false), SHOW_MS);
    return () => clearTimeout(timer);
  }, []);

  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex justify-center px-4">
      {open && (
        <div
          data-testid="toast"
          className="pointer-events-auto flex max-w-md items-center gap-3 rounded-md bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
        >
          <span>{message}</span>
          <button type="button" onClick={() => setOpen(false)} className="rounded px-1 text-slate-200 underline hover:text-white">
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
