"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { CodeBlock } from "@/components/code-block";
import { createWebhookEndpoint, type EndpointFormState } from "../actions";

export function CreateEndpointForm({ eventTypes }: { eventTypes: Array<{ value: string; description: string }> }) {
  const [state, action, pending] = useActionState<EndpointFormState, FormData>(createWebhookEndpoint, { ok: false });
  return (
    <div className="space-y-4">
      {state.secret && (
        <Alert tone="success">
          <p className="font-medium">Endpoint registered. Copy its signing secret now: it is shown only once.</p>
          <div className="mt-2" data-testid="new-webhook-secret">
            <CodeBlock label="Signing secret" copyLabel="Copy secret" code={state.secret} />
          </div>
        </Alert>
      )}
      {!state.ok && state.message && <Alert tone="error">{state.message}</Alert>}
      <form action={action} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <TextField label="Endpoint URL" name="url" type="url" required maxLength={2048} placeholder="https://example.com/webhooks/rolelink" error={state.fieldErrors?.url} hint="https only; rolelink never follows redirects." />
        <TextField label="Description (optional)" name="description" maxLength={200} error={state.fieldErrors?.description} />
        <fieldset aria-describedby={state.fieldErrors?.eventTypes ? "eventTypes-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Events</legend>
          <div className="mt-2 space-y-2">
            {eventTypes.map((type) => (
              <label key={type.value} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="eventTypes" value={type.value} defaultChecked className="mt-1" />
                <span>
                  <span className="font-mono">{type.value}</span> <span className="text-slate-600">— {type.description}</span>
                </span>
              </label>
            ))}
          </div>
          {state.fieldErrors?.eventTypes && <p id="eventTypes-error" className="mt-1 text-sm text-red-700">{state.fieldErrors.eventTypes}</p>}
        </fieldset>
        <Button type="submit" disabled={pending}>{pending ? "Registering…" : "Register endpoint"}</Button>
      </form>
    </div>
  );
}
