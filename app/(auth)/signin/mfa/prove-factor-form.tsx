"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { Alert } from "@/components/ui/alert";
import { proveFactor, type ProveState } from "./actions";

/** Codes: from the authenticator app (when one is set up) or a recovery code. */
export function ProveFactorForm({ callbackUrl, totp = true }: { callbackUrl: string; totp?: boolean }) {
  const [state, action, pending] = useActionState<ProveState, FormData>(proveFactor, { ok: false });
  const [method, setMethod] = useState<"totp" | "recovery">(totp ? "totp" : "recovery");
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4" noValidate>
        {state.message && <Alert tone="error">{state.message}</Alert>}
        <input type="hidden" name="method" value={method} />
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        {method === "totp" ? (
          <TextField
            key="totp"
            label="Authentication code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            required
            autoFocus
          />
        ) : (
          <TextField
            key="recovery"
            label="Recovery code"
            name="code"
            autoComplete="off"
            maxLength={32}
            required
            autoFocus
            hint="Each recovery code works once."
          />
        )}
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? "Checking…" : "Continue"}
        </Button>
      </form>
      {totp && (
        <button
          type="button"
          className="text-sm font-medium text-indigo-700 hover:underline"
          onClick={() => setMethod(method === "totp" ? "recovery" : "totp")}
        >
          {method === "totp" ? "Use a recovery code instead" : "Use your authenticator app instead"}
        </button>
      )}
    </div>
  );
}
