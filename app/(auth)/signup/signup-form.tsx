"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { Alert } from "@/components/ui/alert";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { signUp, type SignUpState } from "./actions";
import { formText } from "@/lib/validations/form-data";

export function SignUpForm() {
  const [state, action, pending] = useActionState<SignUpState, FormData>(signUp, { ok: false });
  // React resets the form after the action runs: keep the password (in memory
  // only) to sign in with once the account exists.
  const passwordRef = useRef("");
  const [signInError, setSignInError] = useState<string>();
  const router = useRouter();

  // Account created: sign straight in with the same credentials.
  useEffect(() => {
    if (!state.ok || !state.email) return;
    void signIn("credentials", { email: state.email, password: passwordRef.current, redirect: false }).then((result) => {
      if (result?.ok) {
        router.replace("/connect");
        router.refresh(); // re-render the header with the new session
      }
      else setSignInError("Your account was created, but signing in failed. Please sign in.");
    });
  }, [state, router]);

  return (
    <form
      action={action}
      onSubmit={(event) => {
        passwordRef.current = formText(new FormData(event.currentTarget), "password");
      }}
      className="space-y-4"
      noValidate
    >
      {state.message && <Alert tone="error">{state.message}</Alert>}
      {signInError && <Alert tone="error">{signInError}</Alert>}
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
      <Button type="submit" disabled={pending || state.ok} className="w-full">
        {pending ? "Creating your account…" : state.ok ? "Signing you in…" : "Create account"}
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
