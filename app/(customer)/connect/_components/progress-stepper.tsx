"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { Progress } from "@/lib/connections/progress";
import { STEPS } from "@/lib/connections/progress";
import { STATUS_LABELS } from "@/lib/connections/states";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { startOver } from "../actions";

/** Fast while something is happening; slower once settled, since a stack can still be updated or deleted. */
const FAST_POLL_MS = 2_000;
const SLOW_POLL_MS = 5_000;
const LIVE = new Set(["pending", "verifying"]);

export function ProgressStepper({ connectionId, initial }: { connectionId: string; initial: Progress }) {
  const [progress, setProgress] = useState(initial);
  const [offline, setOffline] = useState(false);
  const [restartError, setRestartError] = useState<string>();
  const [restarting, startRestart] = useTransition();
  const router = useRouter();
  const shownStatus = useRef(initial.status);

  // A new status changes what the page shows around the stepper (e.g. the launch card).
  useEffect(() => {
    if (progress.status === shownStatus.current) return;
    shownStatus.current = progress.status;
    router.refresh();
  }, [progress.status, router]);

  useEffect(() => {
    if (progress.status === "disconnected") return;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/connections/${connectionId}/progress`, { cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        setProgress((await response.json()) as Progress);
        setOffline(false);
      } catch {
        setOffline(true);
        setProgress((p) => ({ ...p })); // poll again
      }
    }, LIVE.has(progress.status) ? FAST_POLL_MS : SLOW_POLL_MS);
    return () => clearTimeout(timer);
  }, [connectionId, progress]);

  return (
    <section aria-labelledby="progress-heading" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <div className="flex items-center justify-between">
        <h2 id="progress-heading" className="text-lg font-semibold">Progress</h2>
        <span data-testid="connection-status" className="text-sm font-medium text-slate-700">
          {STATUS_LABELS[progress.status]}
        </span>
      </div>
      <ol className="mt-4 grid gap-3 sm:grid-cols-5">
        {STEPS.map((step, index) => {
          const done = index < progress.current || progress.current === STEPS.length;
          const active = index === progress.current && !progress.failed && progress.current < STEPS.length;
          const failedHere = progress.failed && index === progress.current;
          return (
            <li key={step} aria-current={active ? "step" : undefined} className="flex items-center gap-2 text-sm sm:flex-col sm:items-start">
              <span
                aria-hidden
                className={`flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
                  failedHere ? "bg-red-600 text-white" : done ? "bg-emerald-600 text-white" : active ? "animate-pulse bg-indigo-600 text-white" : "bg-slate-200 text-slate-600"
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
        {progress.failed ? (
          <Alert tone="error" announce={false}>
            <p data-testid="progress-message">{progress.message}</p>
          </Alert>
        ) : (
          <p data-testid="progress-message" className="text-sm text-slate-700">{progress.message}</p>
        )}
        {offline && <p className="mt-2 text-xs text-amber-700">Lost contact with rolelink; retrying…</p>}
      </div>
      {progress.status === "pending" && !progress.diagnosis && <SilenceHints open={progress.silent} />}
      {progress.roleArn && (
        <p className="mt-3 text-sm text-slate-600">
          Role: <span className="font-mono text-xs">{progress.roleArn}</span>
        </p>
      )}
      {(progress.status === "failed" || progress.status === "disconnected") && (
        <div className="mt-4 flex items-center gap-3">
          <Button
            onClick={() =>
              startRestart(async () => {
                const result = await startOver(connectionId);
                if (result && !result.ok) setRestartError(result.message);
              })
            }
            disabled={restarting}
          >
            {restarting ? "Creating a new link…" : "Start over with a new link"}
          </Button>
          {restartError && <span className="text-sm text-red-700">{restartError}</span>}
        </div>
      )}
    </section>
  );
}

/**
 * A stack that fails before it reaches us says nothing to rolelink (SNS
 * refuses its publish, or the parameters never name our topic): these are the
 * usual reasons. Opened by itself once nothing has arrived for a while.
 */
function SilenceHints({ open }: { open: boolean }) {
  return (
    <details data-testid="silence-hints" open={open} className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <summary className="cursor-pointer font-medium">
        {open ? "Nothing has reached rolelink from your stack yet." : "Stack failed or rolled back in your AWS console?"}
      </summary>
      <p className="mt-2">A stack that fails before it can reach rolelink shows the error only in your AWS console. It is usually one of these:</p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        <li>You are signed in to a different AWS account than the one you entered here (&ldquo;not authorized to perform SNS:Publish&rdquo;).</li>
        <li>The stack was created in a different region than the one you chose (&ldquo;Invalid service token&rdquo;).</li>
        <li>The box acknowledging that the stack creates IAM resources was not ticked (&ldquo;Requires capabilities&rdquo;).</li>
        <li>SnsTopicArn was edited (&ldquo;Invalid service token&rdquo; or &ldquo;Failed to publish&rdquo;).</li>
      </ul>
      <p className="mt-2">Delete the rolled-back stack, then click Launch Stack again and create it without editing the parameters.</p>
    </details>
  );
}
