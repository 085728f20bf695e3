"use client";

import { startTransition, useActionState } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { Alert } from "@/components/ui/alert";
import { connectAccount, type ConnectState } from "../actions";
import { RegionSelect, type RegionOption } from "./region-select";

export function ConnectForm({ regions }: { regions: RegionOption[] }) {
  const [state, action, pending] = useActionState<ConnectState, FormData>(connectAccount, { ok: false });

  return (
    <form
      action={action}
      // Submitted by hand so React does not reset the form afterwards: a reset <select> falls back to
      // the first region, and a customer could then launch in a region they did not pick.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget, event.nativeEvent.submitter);
        startTransition(() => action(data));
      }}
      className="space-y-5"
      noValidate
    >
      {state.message && <Alert tone="error">{state.message}</Alert>}
      {state.alreadyConnected && (
        <Alert tone="warning">
          <p className="font-medium">This account is already connected in this region.</p>
          <p className="mt-1">
            A second link would create a second role.{" "}
            <Link href={`/connect/${state.alreadyConnected.id}`} className="font-medium underline">
              See the existing connection
            </Link>
            , or create another link anyway (for example after deleting the stack).
          </p>
          <Button type="submit" name="confirm" value="another" variant="secondary" className="mt-3" disabled={pending}>
            Create another link anyway
          </Button>
        </Alert>
      )}
      <TextField
        label="AWS account ID"
        name="accountId"
        inputMode="numeric"
        autoComplete="off"
        placeholder="1234-5678-9012"
        defaultValue={state.values?.accountId}
        hint="The 12 digits shown in your AWS console's account menu. Spaces and dashes are fine."
        error={state.fieldErrors?.accountId}
        required
      />
      <RegionSelect
        id="region"
        regions={regions}
        defaultValue={state.values?.region}
        error={state.fieldErrors?.region}
        hint="The stack runs in this region; the role itself is global."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Preparing your link…" : "Create launch link"}
      </Button>
    </form>
  );
}
