"use client";

import { useState, type FormEvent } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { Alert } from "@/components/ui/alert";
import { formText } from "@/lib/validations/form-data";

/** The server decides where to land (role-aware, same-site paths only): see signin/continue. */
function continueUrl(callbackUrl: string | null): string {
  const params = new URLSearchParams();
  if (callbackUrl) params.set("callbackUrl", callbackUrl);
  const query = params.toString();
  return query ? `/signin/continue?${query}` : "/signin/continue";
}

export function SignInForm({ callbackUrl, email }: { callbackUrl: string | null; email: string }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const router = useRouter();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: formText(form, "email"),
      password: formText(form, "password"),
      redirect: false,
    });
    if (result?.ok) {
      router.replace(continueUrl(callbackUrl));
      router.refresh(); // re-render the header with the new session
      return;
    }
    setPending(false);
    setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "That email and password do not match an account.");
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      <TextField label="Email" name="email" type="email" autoComplete="email" required defaultValue={email} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <p className="text-right text-sm">
        <Link href="/forgot-password" className="font-medium text-indigo-700 hover:underline">
          Forgot password?
        </Link>
      </p>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        New to rolelink?{" "}
        <Link href="/signup" className="font-medium text-indigo-700 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
