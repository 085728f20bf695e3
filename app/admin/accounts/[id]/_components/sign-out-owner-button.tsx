"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { signOutCustomerEverywhere, type SignOutOwnerState } from "../../../actions";

export function SignOutOwnerButton({ connectionId }: { connectionId: string }) {
  const [state, action, pending] = useActionState<SignOutOwnerState, FormData>(signOutCustomerEverywhere, { ok: false });
  const back = `/signin/mfa?${new URLSearchParams({ callbackUrl: `/admin/accounts/${connectionId}` })}`;
  return (
    <div className="space-y-3">
      <form action={action}>
        <input type="hidden" name="connectionId" value={connectionId} />
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Signing out…" : "Sign the customer out everywhere"}
        </Button>
      </form>
      {state.message && (
        <Alert tone={state.ok ? "success" : "warning"}>
          {state.message}
          {state.stepUp && (
            <>
              {" "}
              <a href={back} className="font-medium underline">
                Confirm it&apos;s you
              </a>
            </>
          )}
        </Alert>
      )}
    </div>
  );
}
