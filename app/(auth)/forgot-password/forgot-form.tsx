"use client";

import { useActionState } from "react";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { requestReset, type ForgotState } from "./actions";

export function ForgotForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState<ForgotState, FormData>(requestReset, { ok: false });
  if (state.ok && state.email) {
    // Said the same way whether or not the email has an account.
    return (
      <Alert tone="success">
        <h2 className="font-semibold">Check your inbox</h2>
        <p className="mt-1 break-words">
          If <strong>{state.email}</strong> has a rolelink account, we sent it a link to choose a new password. The link works once and
          expires in 30 minutes.
        </p>
      </Alert>
    );
  }
  const shown = state.values?.email ?? email;
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.message && <Alert tone="error">{state.message}</Alert>}
      <TextField
        key={shown}
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={shown}
        error={state.fieldErrors?.email}
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Sending…" : "Send reset link"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Remembered it?{" "}
        <Link href="/signin" className="font-medium text-indigo-700 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
