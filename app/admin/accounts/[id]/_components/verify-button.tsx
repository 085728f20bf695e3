"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { formatDateTime } from "@/components/ui/date";
import { verifyAccess, type VerifyState } from "../../../actions";

/**
 * The button is never disabled while verifying (a disabled button drops
 * keyboard focus to <body>): it is marked busy and ignores clicks instead. The
 * result goes into a live region that is always on the page, so it is
 * announced once and focus stays on the button.
 */
export function VerifyButton({ connectionId }: { connectionId: string }) {
  const [state, action, pending] = useActionState<VerifyState, FormData>(verifyAccess, { ok: false });
  return (
    <div className="space-y-3">
      <form action={action} onSubmit={(event) => pending && event.preventDefault()}>
        <input type="hidden" name="connectionId" value={connectionId} />
        <Button type="submit" aria-disabled={pending || undefined} aria-busy={pending || undefined} className={pending ? "opacity-70" : ""}>
          {pending ? "Verifying…" : "Verify access"}
        </Button>
      </form>
      <div role="status" aria-live="polite" aria-atomic="true" data-testid="verify-outcome">
        {state.result && (
          <Alert tone="success" announce={false}>
            <p className="font-medium">Access verified.</p>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs" data-testid="verify-result">
              <dt>Assumed role</dt>
              <dd className="font-mono break-all">{state.result.assumedRoleArn}</dd>
              <dt>Account</dt>
              <dd className="font-mono">{state.result.accountId}</dd>
              <dt>Session expires</dt>
              <dd>{formatDateTime(state.result.expiresAt)}</dd>
            </dl>
          </Alert>
        )}
        {!state.ok && state.message && (
          <Alert tone="error" announce={false}>
            <p className="font-medium">Verification failed.</p>
            <p>{state.message}</p>
          </Alert>
        )}
      </div>
    </div>
  );
}
