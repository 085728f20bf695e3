"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { registerSandboxWebhookInbox, type SimpleState } from "../actions";

/** Only rendered where the local sandbox runs: one click registers its webhook inbox as an endpoint. */
export function SandboxInboxCard({ inboxPageUrl }: { inboxPageUrl: string }) {
  const [state, action, pending] = useActionState<SimpleState, FormData>(registerSandboxWebhookInbox, { ok: false });
  return (
    <section aria-labelledby="sandbox-inbox-heading" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
      <h2 id="sandbox-inbox-heading" className="text-lg font-semibold">
        Local sandbox: webhook inbox
      </h2>
      <p className="text-slate-700">
        The sandbox plays your product&apos;s receiver: it verifies every delivery&apos;s signature and lists the events. Register it, then
        connect or disconnect an account.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <form action={action}>
          <Button type="submit" disabled={pending}>
            {pending ? "Registering…" : "Register the sandbox inbox"}
          </Button>
        </form>
        <a href={inboxPageUrl} className="text-indigo-700 underline">
          Open the sandbox inbox
        </a>
      </div>
      {state.message && (
        <p role="status" className={state.ok ? "text-slate-700" : "text-red-700"}>
          {state.message}
        </p>
      )}
    </section>
  );
}
