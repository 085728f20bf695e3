"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { useTokenFromHash } from "../token-from-hash";
import { confirmEmail, type ConfirmResult } from "./actions";

/**
 * Confirms on open. The token sits in the fragment, so only a browser that runs
 * this page can use it (a mail scanner fetching the URL cannot).
 */
export function ConfirmEmail() {
  const token = useTokenFromHash();
  const [result, setResult] = useState<ConfirmResult | { kind: "error" }>();

  useEffect(() => {
    if (!token) return;
    let live = true;
    confirmEmail(token)
      .then((outcome) => live && setResult(outcome))
      .catch(() => live && setResult({ kind: "error" }));
    return () => {
      live = false;
    };
  }, [token]);

  if (token === "" || result?.kind === "invalid") {
    return (
      <Alert tone="error">
        This link is no longer valid: it was used already, replaced by a newer one, or it expired. Sign in and send a new link from the
        Connect page.
      </Alert>
    );
  }
  if (result?.kind === "error") return <Alert tone="error">We could not confirm your email right now. Reload the page to try again.</Alert>;
  if (result?.kind !== "verified")
    return (
      <p className="text-sm text-slate-600" role="status">
        Confirming your email…
      </p>
    );
  return (
    <div className="space-y-4">
      <Alert tone="success">Your email is confirmed. You can now create launch links.</Alert>
      <Link href="/connect" className="block text-center font-medium text-indigo-700 hover:underline">
        Continue to Connect
      </Link>
    </div>
  );
}
