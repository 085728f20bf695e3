"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { startRegistration } from "@simplewebauthn/browser";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { Alert } from "@/components/ui/alert";
import { addPasskey, passkeyRegistrationOptions, type PasskeyState } from "./passkey-actions";
import { RecoveryCodeList } from "./recovery-code-list";
import { StepUpLink } from "./step-up-link";

/** Name a passkey, let the browser create it, and have the server verify and store it. */
export function PasskeyEnrolment() {
  const router = useRouter();
  const [state, setState] = useState<PasskeyState>({ ok: false });
  const [busy, setBusy] = useState(false);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = new FormData(form).get("passkeyName");
    setBusy(true);
    try {
      const begun = await passkeyRegistrationOptions();
      if (!begun.ok || !begun.options) return setState(begun);
      let response;
      try {
        response = await startRegistration({ optionsJSON: begun.options });
      } catch {
        return setState({ ok: false, message: "No passkey was created: the browser prompt was closed, or this device cannot create one." });
      }
      const done = await addPasskey({ name, response });
      setState(done);
      if (done.ok) {
        form.reset();
        router.refresh();
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3">
      {state.message && <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert>}
      {state.stepUp && <StepUpLink />}
      {state.recoveryCodes && (
        <>
          <RecoveryCodeList codes={state.recoveryCodes} />
          {/* Codes come with a first factor only: the sign-in that asked for it can now go on. */}
          <a
            href="/signin/continue"
            className="inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          >
            I have saved my codes, continue
          </a>
        </>
      )}
      <form onSubmit={(event) => void add(event)} className="flex max-w-md flex-col gap-3 sm:flex-row sm:items-end">
        <div className="grow">
          <TextField label="Passkey name" name="passkeyName" maxLength={100} required placeholder="e.g. Work laptop" autoComplete="off" />
        </div>
        <Button type="submit" disabled={busy}>
          {busy ? "Waiting for your device…" : "Add a passkey"}
        </Button>
      </form>
    </div>
  );
}
