"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/code-block";
import { deleteWebhookEndpoint, rotateWebhookSecret, toggleWebhookEndpoint, type SimpleState } from "../actions";

function Message({ state }: { state: SimpleState }) {
  return state.message ? (
    <p role="status" className={`text-xs ${state.ok ? "text-slate-600" : "text-red-700"}`}>
      {state.message}
    </p>
  ) : null;
}

export function EndpointControls({ endpointId, enabled, url }: { endpointId: string; enabled: boolean; url: string }) {
  const [toggled, toggle, toggling] = useActionState<SimpleState, FormData>(toggleWebhookEndpoint, { ok: false });
  const [rotated, rotate, rotating] = useActionState<SimpleState, FormData>(rotateWebhookSecret, { ok: false });
  const [deleted, remove, removing] = useActionState<SimpleState, FormData>(deleteWebhookEndpoint, { ok: false });
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <form action={toggle}>
          <input type="hidden" name="endpointId" value={endpointId} />
          <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
          <Button type="submit" variant="secondary" disabled={toggling} aria-label={`${enabled ? "Disable" : "Enable"} ${url}`}>
            {enabled ? "Disable" : "Enable"}
          </Button>
        </form>
        <form action={rotate}>
          <input type="hidden" name="endpointId" value={endpointId} />
          <Button type="submit" variant="secondary" disabled={rotating} aria-label={`Rotate the signing secret of ${url}`}>
            Rotate secret
          </Button>
        </form>
        <form action={remove}>
          <input type="hidden" name="endpointId" value={endpointId} />
          <Button type="submit" variant="danger" disabled={removing} aria-label={`Remove ${url}`}>
            Remove
          </Button>
        </form>
      </div>
      <Message state={toggled} />
      <Message state={rotated} />
      <Message state={deleted} />
      {rotated.secret && <CodeBlock label="New signing secret (shown once)" copyLabel="Copy secret" code={rotated.secret} />}
    </div>
  );
}
