"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { resendVerification, type ResendState } from "../actions";

/** Shown to a customer who has not confirmed their email: launch links wait for it. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const [state, action, pending] = useActionState<ResendState, FormData>(resendVerification, { ok: false });
  return (
    <div className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <h2 className="font-semibold">Confirm your email to create launch links</h2>
      <p className="mt-1 break-words">
        We sent a confirmation link to <strong>{email}</strong>. Open it, then come back here. No mail? Check your spam folder or send a new
        link.
      </p>
      <form action={action} className="mt-3 flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Sending…" : "Send a new link"}
        </Button>
      </form>
      {state.message && (
        <div className="mt-3">
          <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert>
        </div>
      )}
    </div>
  );
}
