"use client";

import { useActionState, useEffect } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { formatDateTime } from "@/components/ui/date";
import { verifyAll, type VerifyAllState } from "../actions";

export interface FleetRunSummary {
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  running: boolean;
  startedAt: string;
  finishedAt: string | null;
}

/** "Verify all" plus the latest run's progress; refreshes itself while a run is going. */
export function FleetPanel({ run }: { run: FleetRunSummary | null }) {
  const router = useRouter();
  const [state, action, pending] = useActionState<VerifyAllState, FormData>(verifyAll, { ok: false });
  // Refresh while a run is going, or until the run just queued has started and finished.
  const waiting = Boolean(run?.running) || Boolean(state.queuedAt && (!run || run.startedAt < state.queuedAt));
  // "Queued" is only true until the queued run has started: then the progress line speaks.
  const showMessage = Boolean(state.message) && (!state.ok || waiting) && !run?.running;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => router.refresh(), 2000);
    const stop = setTimeout(() => clearInterval(timer), 15 * 60_000);
    return () => {
      clearInterval(timer);
      clearTimeout(stop);
    };
  }, [waiting, router]);

  return (
    <section aria-labelledby="fleet-heading" className="flex flex-wrap items-center gap-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="grow">
        <h2 id="fleet-heading" className="text-sm font-semibold">
          Health checks
        </h2>
        <p className="text-sm text-slate-600" data-testid="fleet-progress" aria-live="polite">
          {!run
            ? "No fleet-wide check yet. Each account was verified when it connected; scheduled checks run every few hours."
            : run.running
              ? `Verifying: ${run.done} of ${run.total} done (${run.succeeded} OK, ${run.failed} failed)`
              : `Last run: ${run.done} of ${run.total} verified, ${run.succeeded} OK, ${run.failed} failed${run.finishedAt ? ` (finished ${formatDateTime(run.finishedAt)})` : ""}`}
        </p>
        {run?.running && (
          <progress className="mt-2 w-full" max={Math.max(run.total, 1)} value={run.done} aria-label="Verification progress" />
        )}
      </div>
      <form action={action}>
        <Button type="submit" variant="secondary" disabled={pending || Boolean(run?.running)}>
          {pending ? "Queueing…" : "Verify all"}
        </Button>
      </form>
      {showMessage && (
        <div className="w-full">
          <Alert tone={state.ok ? "success" : "warning"}>
            {state.message}
            {state.stepUp && (
              <>
                {" "}
                <a href="/signin/mfa?callbackUrl=%2Fadmin" className="font-medium underline">
                  Confirm it&apos;s you
                </a>
              </>
            )}
          </Alert>
        </div>
      )}
    </section>
  );
}
