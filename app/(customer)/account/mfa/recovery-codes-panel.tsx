"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { newRecoveryCodes, type EnrolState } from "./actions";
import { RecoveryCodeList } from "./recovery-code-list";

export function RecoveryCodesPanel() {
  const [state, action, pending] = useActionState<EnrolState, FormData>(newRecoveryCodes, { ok: false });
  return (
    <form action={action} className="space-y-3">
      {state.message && <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert>}
      {state.recoveryCodes && <RecoveryCodeList codes={state.recoveryCodes} />}
      <Button type="submit" variant="secondary" disabled={pending}>
        Create new recovery codes
      </Button>
    </form>
  );
}
