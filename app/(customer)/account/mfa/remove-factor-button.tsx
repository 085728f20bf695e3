"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { removeSecondFactor, type PasskeyState } from "./passkey-actions";
import { StepUpLink } from "./step-up-link";

/** factor: "totp" or "passkey:<credential id>". */
export function RemoveFactorButton({ factor, label }: { factor: string; label: string }) {
  const [state, action, pending] = useActionState<PasskeyState, FormData>(removeSecondFactor, { ok: false });
  return (
    <form action={action} className="shrink-0 space-y-1">
      <input type="hidden" name="factor" value={factor} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={label}>
        Remove
      </Button>
      {!state.ok && state.message && (
        <p className="max-w-xs text-sm text-red-700" role="alert">
          {state.message}
        </p>
      )}
      {state.stepUp && <StepUpLink />}
    </form>
  );
}
