"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { CodeBlock } from "@/components/code-block";
import { createKey, type CreateKeyState } from "../actions";

export function CreateKeyForm({ scopes }: { scopes: Array<{ value: string; description: string }> }) {
  const [state, action, pending] = useActionState<CreateKeyState, FormData>(createKey, { ok: false });
  return (
    <div className="space-y-4">
      {state.created && (
        <Alert tone="success">
          <p className="font-medium">Key “{state.created.name}” created. Copy it now: it is shown only once.</p>
          <div className="mt-2" data-testid="new-api-key">
            <CodeBlock label={`API key ${state.created.prefix}`} copyLabel="Copy key" code={state.created.key} />
          </div>
        </Alert>
      )}
      {!state.ok && state.message && <Alert tone="error">{state.message}</Alert>}
      <form action={action} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <TextField label="Name" name="name" required maxLength={100} hint="What uses it, e.g. “scanner production”." error={state.fieldErrors?.name} />
        <fieldset aria-describedby={state.fieldErrors?.scopes ? "scopes-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Scopes</legend>
          <div className="mt-2 space-y-2">
            {scopes.map((scope) => (
              <label key={scope.value} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="scopes" value={scope.value} className="mt-1" />
                <span>
                  <span className="font-mono">{scope.value}</span> <span className="text-slate-600">— {scope.description}</span>
                </span>
              </label>
            ))}
          </div>
          {state.fieldErrors?.scopes && <p id="scopes-error" className="mt-1 text-sm text-red-700">{state.fieldErrors.scopes}</p>}
        </fieldset>
        <TextField label="Expires after (days)" name="expiresInDays" inputMode="numeric" hint="Leave empty for a key that works until revoked." error={state.fieldErrors?.expiresInDays} />
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create key"}</Button>
      </form>
    </div>
  );
}
