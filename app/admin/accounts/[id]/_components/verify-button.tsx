"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { verifyAccess, type VerifyState } from "../../../actions";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export function VerifyButton({ connectionId }: { connectionId: string }) {
  const [state, action, pending] = useActionState<VerifyState, FormData>(verifyAccess, { ok: false });
  return (
    <div className="space-y-3">
      <form action={action}>
        <input type="hidden" name="connectionId" value={connectionId} />
        <Button type="submit" disabled={pending}>{pending ? "Verifying…" : "Verify access"}</Button>
      </form>
      {state.result && (
        <Alert tone="success">
          <p className="font-medium">Access verified.</p>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs" data-testid="verify-result">
            <dt>Assumed role</dt>
            <dd className="break-all font-mono">{state.result.assumedRoleArn}</dd>
            <dt>Account</dt>
            <dd className="font-mono">{state.result.accountId}</dd>
            <dt>Session expires</dt>
            <dd>{dateFormat.format(new Date(state.result.expiresAt))} UTC</dd>
          </dl>
        </Alert>
      )}
      {!state.ok && state.message && (
        <Alert tone="error">
          <p className="font-medium">Verification failed.</p>
          <p>{state.message}</p>
        </Alert>
      )}
    </div>
  );
}
