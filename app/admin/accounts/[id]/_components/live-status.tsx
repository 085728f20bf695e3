"use client";
/**
 * The account's status, pushed as it changes; each new status also refreshes
 * the rest of the page (timeline, role, last request) from the server. While
 * the stream is down the page itself is refreshed instead (the progress
 * endpoint is the owner's alone); the page keys this component by status, so a
 * refreshed status starts it afresh.
 */
import { useCallback, useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import type { Progress } from "@/lib/connections/progress";
import { StatusBadge } from "@/components/status-badge";
import { useLiveProgress } from "@/components/live/use-live-progress";

export function LiveStatus({ connectionId, initial }: { connectionId: string; initial: Progress }) {
  const router = useRouter();
  // The admin page has no progress endpoint of its own: while the stream is down, re-render the page.
  const refreshPage = useCallback(() => {
    router.refresh();
    return Promise.resolve(null);
  }, [router]);
  const { progress, offline } = useLiveProgress(connectionId, initial, { fallback: refreshPage });
  const shownStatus = useRef(initial.status);

  useEffect(() => {
    if (progress.status === shownStatus.current) return;
    shownStatus.current = progress.status;
    router.refresh();
  }, [progress.status, router]);

  return (
    <span className="inline-flex items-center gap-2" role="status" aria-live="polite" data-testid="live-status">
      <StatusBadge status={progress.status} />
      {offline && <span className="text-xs text-amber-700">Live updates paused; retrying…</span>}
    </span>
  );
}
