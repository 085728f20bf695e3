"use client";

import { useActionState } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { Alert } from "@/components/ui/alert";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { signUp, type SignUpState } from "./actions";

export function SignUpForm() {
  const [state, action, pending] = useActionState<SignUpState, FormData>(signUp, { ok: false });

  // The same answer whether or not the email already had an account: the mail tells the owner which.
  if (state.ok && state.email) {
    return (
      <div className="space-y-4">
        <Alert tone="success">
          <h2 className="font-semibold">Check your inbox</h2>
          <p className="mt-1 break-words">
            We sent a mail to <strong>{state.email}</strong>. Open the link in it to confirm your address, then sign in. The link works once
            and expires in 48 hours.
          </p>
        </Alert>
        <p className="text-center text-sm text-slate-600">
          <Link href={`/signin?${new URLSearchParams({ email: state.email })}`} className="font-medium text-indigo-700 hover:underline">
            Go to sign in
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form action={action} className="space-y-4" noValidate>
      {state.message && <Alert tone="error">{state.message}</Alert>}
      {/* React resets the form after an action: put the email back (keyed so it re-applies). */}
      <TextField
        key={state.values?.email ?? ""}
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email ?? ""}
        error={state.fieldErrors?.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters, not easy to guess (a few unrelated words work well).`}
        error={state.fieldErrors?.password}
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating your account…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link
          href={state.values?.email ? `/signin?${new URLSearchParams({ email: state.values.email })}` : "/signin"}
          className="font-medium text-indigo-700 hover:underline"
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
