"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { OptionCheckboxes } from "@/components/option-checkboxes";
import { SecretShownOnce } from "@/components/secret-shown-once";
import { createWebhookEndpoint, type EndpointFormState } from "../actions";

export function CreateEndpointForm({ eventTypes }: { eventTypes: Array<{ value: string; description: string }> }) {
  const [state, action, pending] = useActionState<EndpointFormState, FormData>(createWebhookEndpoint, { ok: false });
  return (
    <div className="space-y-4">
      {state.secret && (
        <SecretShownOnce
          title="Endpoint registered. Copy its signing secret now: it is shown only once."
          label="Signing secret"
          copyLabel="Copy secret"
          secret={state.secret}
          testId="new-webhook-secret"
        />
      )}
      {!state.ok && state.message && <Alert tone="error">{state.message}</Alert>}
      <form action={action} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <TextField
          label="Endpoint URL"
          name="url"
          type="url"
          required
          maxLength={2048}
          placeholder="https://example.com/webhooks/rolelink"
          error={state.fieldErrors?.url}
          hint="https only; rolelink never follows redirects."
        />
        <TextField label="Description (optional)" name="description" maxLength={200} error={state.fieldErrors?.description} />
        <OptionCheckboxes legend="Events" name="eventTypes" options={eventTypes} defaultChecked error={state.fieldErrors?.eventTypes} />
        <Button type="submit" disabled={pending}>
          {pending ? "Registering…" : "Register endpoint"}
        </Button>
      </form>
    </div>
  );
}
