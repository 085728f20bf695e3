"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { OptionCheckboxes } from "@/components/option-checkboxes";
import { SecretShownOnce } from "@/components/secret-shown-once";
import { createKey, type CreateKeyState } from "../actions";

export function CreateKeyForm({ scopes }: { scopes: Array<{ value: string; description: string }> }) {
  const [state, action, pending] = useActionState<CreateKeyState, FormData>(createKey, { ok: false });
  return (
    <div className="space-y-4">
      {state.created && (
        <SecretShownOnce
          title={`Key “${state.created.name}” created. Copy it now: it is shown only once.`}
          label={`API key ${state.created.prefix}`}
          copyLabel="Copy key"
          secret={state.created.key}
          testId="new-api-key"
        />
      )}
      {!state.ok && state.message && <Alert tone="error">{state.message}</Alert>}
      <form action={action} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={100}
          hint="What uses it, e.g. “scanner production”."
          error={state.fieldErrors?.name}
        />
        <OptionCheckboxes legend="Scopes" name="scopes" options={scopes} error={state.fieldErrors?.scopes} />
        <TextField
          label="Expires after (days)"
          name="expiresInDays"
          inputMode="numeric"
          hint="Leave empty for a key that works until revoked."
          error={state.fieldErrors?.expiresInDays}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </Button>
      </form>
    </div>
  );
}
