import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/auth/session";
import { getSecondFactorChoices } from "@/lib/data/my-mfa";
import { ProveFactorForm } from "./prove-factor-form";
import { PasskeyProveButton } from "./passkey-prove-button";

export const metadata = { title: "Confirm it's you" };

/** The second step of sign-in, and the step-up prompt before sensitive actions: a passkey, an app code or a recovery code. */
export default async function SecondFactorPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const current = await getCurrentSession();
  const { callbackUrl } = await searchParams;
  const back = typeof callbackUrl === "string" ? callbackUrl : "";
  if (!current) redirect(`/signin?${new URLSearchParams(back ? { callbackUrl: back } : {})}`);
  if (current.secondFactor === "none") redirect("/account/mfa");
  const choices = (await getSecondFactorChoices()) ?? { totp: false, passkey: false };
  return (
    <section className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">Confirm it&apos;s you</h1>
      <p className="mt-2 text-sm text-slate-600">
        {current.secondFactor === "pending" ? "Your account uses two-step sign-in." : "This needs a fresh confirmation."}{" "}
        {choices.passkey ? "Use one of your passkeys" : "Enter the 6-digit code from your authenticator app"}
        {choices.passkey && choices.totp ? ", a code from your authenticator app" : ""}, or one of your recovery codes.
      </p>
      {choices.passkey && (
        <div className="mt-6">
          <PasskeyProveButton callbackUrl={back} />
        </div>
      )}
      <div className="mt-6">
        <ProveFactorForm callbackUrl={back} totp={choices.totp} />
      </div>
    </section>
  );
}
