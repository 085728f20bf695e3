import { requireUser } from "@/lib/auth/session";
import { Alert } from "@/components/ui/alert";
import { getMyMfaStatus } from "@/lib/data/my-mfa";
import { TotpEnrolment } from "./totp-enrolment";
import { RecoveryCodesPanel } from "./recovery-codes-panel";

export const metadata = { title: "Two-step sign-in" };

export default async function MfaPage({ searchParams }: { searchParams: Promise<{ required?: string }> }) {
  await requireUser("/account/mfa");
  const status = await getMyMfaStatus();
  const { required } = await searchParams;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">Two-step sign-in</h1>
      {required === "admin" && !status.totp && (
        <Alert tone="warning">Administrators must set up a second factor before they can open the admin area.</Alert>
      )}
      <section aria-labelledby="totp-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="totp-heading" className="text-lg font-semibold">Authenticator app</h2>
        {status.totp ? (
          <p className="text-sm text-slate-700" data-testid="totp-status">On. Sign-in asks for a code from your app.</p>
        ) : (
          <TotpEnrolment />
        )}
      </section>
      {status.totp && (
        <section aria-labelledby="recovery-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="recovery-heading" className="text-lg font-semibold">Recovery codes</h2>
          <p className="text-sm text-slate-600">{status.recoveryCodesLeft} of 10 unused. Each works once if you lose your authenticator.</p>
          <RecoveryCodesPanel />
        </section>
      )}
    </div>
  );
}
