"use client";

import { useState } from "react";
import { startAuthentication } from "@simplewebauthn/browser";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { passkeySignInOptions, provePasskeyFactor } from "./passkey-actions";

/** The browser's passkey prompt, answered to the server; on success a full page load of the next page. */
export function PasskeyProveButton({ callbackUrl }: { callbackUrl: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function prove() {
    setBusy(true);
    setMessage(null);
    try {
      const begun = await passkeySignInOptions();
      if (!begun.ok || !begun.options) return setMessage(begun.message ?? "Something went wrong. Try again.");
      let response;
      try {
        response = await startAuthentication({ optionsJSON: begun.options });
      } catch {
        return setMessage("No passkey was used: the browser prompt was closed, or this device has none of your passkeys.");
      }
      const done = await provePasskeyFactor({ response, callbackUrl });
      if (!done.ok || !done.next) return setMessage(done.message ?? "That passkey could not be verified.");
      // A full load: the header and every server component render again for the verified session.
      window.location.assign(done.next);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3">
      {message && <Alert tone="error">{message}</Alert>}
      <Button type="button" onClick={() => void prove()} disabled={busy} className="w-full">
        {busy ? "Waiting for your passkey…" : "Use a passkey"}
      </Button>
    </div>
  );
}
