import { requireUser } from "@/lib/auth/session";
import { Alert } from "@/components/ui/alert";
import { getMyMfaStatus } from "@/lib/data/my-mfa";
import { TotpEnrolment } from "./totp-enrolment";
import { RecoveryCodesPanel } from "./recovery-codes-panel";
import { PasskeyList } from "./passkey-list";
import { PasskeyEnrolment } from "./passkey-enrolment";
import { RemoveFactorButton } from "./remove-factor-button";

export const metadata = { title: "Two-step sign-in" };

export default async function MfaPage({ searchParams }: { searchParams: Promise<{ required?: string }> }) {
  await requireUser("/account/mfa");
  const status = await getMyMfaStatus();
  const { required } = await searchParams;
  const anyFactor = status.totp || status.passkeys.length > 0;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">Two-step sign-in</h1>
      {required === "admin" && !anyFactor && (
        <Alert tone="warning">
          Administrators must set up a second factor (an authenticator app or a passkey) before they can open the admin area.
        </Alert>
      )}
      <section aria-labelledby="totp-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="totp-heading" className="text-lg font-semibold">
          Authenticator app
        </h2>
        {status.totp ? (
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-sm text-slate-700" data-testid="totp-status">
              On. Sign-in asks for a code from your app.
            </p>
            <RemoveFactorButton factor="totp" label="Remove authenticator app" />
          </div>
        ) : (
          <TotpEnrolment />
        )}
      </section>
      <section aria-labelledby="passkeys-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="passkeys-heading" className="text-lg font-semibold">
          Passkeys
        </h2>
        <p className="text-sm text-slate-600">
          A passkey on this device or a security key: sign-in asks you to use it instead of typing a code.
        </p>
        <PasskeyList passkeys={status.passkeys} />
        <PasskeyEnrolment />
      </section>
      {anyFactor && (
        <section aria-labelledby="recovery-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="recovery-heading" className="text-lg font-semibold">
            Recovery codes
          </h2>
          <p className="text-sm text-slate-600">{status.recoveryCodesLeft} of 10 unused. Each works once if you lose your other factors.</p>
          <RecoveryCodesPanel />
        </section>
      )}
    </div>
  );
}
