"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { Alert } from "@/components/ui/alert";
import { confirmTotp, startTotp, type EnrolState } from "./actions";
import { RecoveryCodeList } from "./recovery-code-list";

export function TotpEnrolment() {
  const [started, start, starting] = useActionState<EnrolState, FormData>(startTotp, { ok: false });
  const [confirmed, confirm, confirming] = useActionState<EnrolState, FormData>(confirmTotp, { ok: false });

  if (confirmed.ok) {
    return (
      <div className="space-y-3">
        <Alert tone="success">{confirmed.message}</Alert>
        {confirmed.recoveryCodes && <RecoveryCodeList codes={confirmed.recoveryCodes} />}
        <a
          href="/signin/continue"
          className="inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
        >
          I have saved my codes, continue
        </a>
      </div>
    );
  }
  if (!started.setup) {
    return (
      <form action={start} className="space-y-3">
        {started.message && <Alert tone="error">{started.message}</Alert>}
        <p className="text-sm text-slate-600">
          Use an app such as 1Password, Google Authenticator or Authy to get a 6-digit code at each sign-in.
        </p>
        <Button type="submit" disabled={starting}>
          {starting ? "Preparing…" : "Set up an authenticator app"}
        </Button>
      </form>
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        Scan this QR code with your app, or enter the key by hand. Then type the 6-digit code it shows.
      </p>
      {/* An SVG we generated from our own otpauth URI (qrcode), not user input. */}
      <div
        className="h-48 w-48 max-w-full"
        role="img"
        aria-label="QR code for your authenticator app"
        dangerouslySetInnerHTML={{ __html: started.setup.qrSvg }}
      />
      <p className="text-sm">
        Key:{" "}
        <code className="rounded bg-slate-100 px-1 font-mono break-all" data-testid="totp-secret">
          {started.setup.secret}
        </code>
      </p>
      <form action={confirm} className="max-w-xs space-y-3" noValidate>
        {confirmed.message && <Alert tone="error">{confirmed.message}</Alert>}
        <TextField label="Code from your app" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required />
        <Button type="submit" disabled={confirming}>
          {confirming ? "Checking…" : "Turn on two-step sign-in"}
        </Button>
      </form>
    </div>
  );
}
