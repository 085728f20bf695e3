"use client";

import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import type { Progress } from "@/lib/connections/progress";
import { STEPS } from "@/lib/connections/progress";
import { STATUS_LABELS } from "@/lib/connections/states";
import { Alert } from "@/components/ui/alert";
import { useLiveProgress } from "@/components/live/use-live-progress";
import { uiReason } from "./reason";
import { RestartButton } from "./restart-button";
import { StuckPanel } from "./stuck-panel";

export function ProgressStepper({
  connectionId,
  accountId,
  region,
  initial,
}: {
  connectionId: string;
  accountId: string;
  region: string;
  initial: Progress;
}) {
  // A closed link stays closed: nothing more to follow.
  const { progress, offline } = useLiveProgress(connectionId, initial, { follow: initial.status !== "disconnected" });
  // A closed link is not a failure at step 1: the steps are simply no longer live.
  const closed = progress.status === "disconnected";
  const router = useRouter();
  const shownStatus = useRef(initial.status);

  // A new status changes what the page shows around the stepper (e.g. the launch card).
  useEffect(() => {
    if (progress.status === shownStatus.current) return;
    shownStatus.current = progress.status;
    router.refresh();
  }, [progress.status, router]);

  return (
    <section aria-labelledby="progress-heading" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <div className="flex items-center justify-between">
        <h2 id="progress-heading" className="text-lg font-semibold">
          Progress
        </h2>
        <span data-testid="connection-status" className="text-sm font-medium text-slate-700">
          {STATUS_LABELS[progress.status]}
        </span>
      </div>
      <ol className="mt-4 grid gap-3 sm:grid-cols-5">
        {STEPS.map((step, index) => {
          const done = !closed && (index < progress.current || progress.current === STEPS.length);
          const active = !closed && index === progress.current && !progress.failed && progress.current < STEPS.length;
          const failedHere = !closed && progress.failed && index === progress.current;
          return (
            <li
              key={step}
              aria-current={active ? "step" : undefined}
              className="flex items-center gap-2 text-sm sm:flex-col sm:items-start"
            >
              <span
                aria-hidden
                className={`flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
                  failedHere
                    ? "bg-red-600 text-white"
                    : done
                      ? "bg-emerald-600 text-white"
                      : active
                        ? "animate-pulse bg-indigo-600 text-white"
                        : "bg-slate-200 text-slate-600"
                }`}
              >
                {failedHere ? "!" : done ? "✓" : index + 1}
              </span>
              <span className={done ? "text-slate-900" : "text-slate-500"}>
                {step}
                <span className="sr-only">{failedHere ? " (failed)" : done ? " (done)" : active ? " (in progress)" : ""}</span>
              </span>
            </li>
          );
        })}
      </ol>
      <div className="mt-5" role="status" aria-live="polite">
        {progress.failed && !closed ? (
          <Alert tone="error" announce={false}>
            <p data-testid="progress-message">{uiReason(progress.message)}</p>
            {progress.status === "failed" && (
              <p className="mt-2">
                The stack rolls back by itself: delete the rolled-back stack in your AWS console, then start over with a new link.
              </p>
            )}
          </Alert>
        ) : (
          <p data-testid="progress-message" className="text-sm text-slate-700">
            {progress.message}
          </p>
        )}
        {offline && <p className="mt-2 text-xs text-amber-700">Lost contact with rolelink; retrying…</p>}
      </div>
      {progress.status === "pending" && (
        <StuckPanel
          connectionId={connectionId}
          accountId={accountId}
          region={region}
          open={progress.silent || Boolean(progress.diagnosis)}
        />
      )}
      {/* A failed or closed link's role was rolled back or deleted: showing it would only mislead. */}
      {progress.roleArn && (progress.status === "verifying" || progress.status === "broken") && (
        <p className="mt-3 text-sm break-all text-slate-700">
          Role: <span className="font-mono text-xs">{progress.roleArn}</span>
        </p>
      )}
      {progress.status === "failed" && (
        <div className="mt-4">
          <RestartButton connectionId={connectionId} label="Start over with a new link" />
        </div>
      )}
    </section>
  );
}
