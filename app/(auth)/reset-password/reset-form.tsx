"use client";

import { useActionState } from "react";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { useTokenFromHash } from "../token-from-hash";
import { completeReset, type ResetState } from "./actions";

export function ResetForm() {
  const token = useTokenFromHash();
  const [state, action, pending] = useActionState<ResetState, FormData>(completeReset, { ok: false });

  if (state.ok) {
    return (
      <div className="space-y-4">
        <Alert tone="success">Your password is changed and every session of your account has ended. Sign in with the new password.</Alert>
        <Link
          href={`/signin?${new URLSearchParams({ email: state.email ?? "" })}`}
          className="block text-center font-medium text-indigo-700 hover:underline"
        >
          Sign in
        </Link>
      </div>
    );
  }
  if (token === undefined) return <p className="text-sm text-slate-600">Loading…</p>;
  if (token === "" || state.invalidLink) {
    return (
      <div className="space-y-4">
        <Alert tone="error">
          This link is no longer valid: it was used already, replaced by a newer one, or it expired (links last 30 minutes).
        </Alert>
        <Link href="/forgot-password" className="block text-center font-medium text-indigo-700 hover:underline">
          Send a new link
        </Link>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.message && <Alert tone="error">{state.message}</Alert>}
      <input type="hidden" name="token" value={token} />
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters, not easy to guess. Every session of your account ends when you save it.`}
        error={state.fieldErrors?.password}
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Saving…" : "Save new password"}
      </Button>
    </form>
  );
}
