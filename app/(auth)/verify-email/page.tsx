import { ConfirmEmail } from "./confirm-email";

export const metadata = { title: "Confirm your email" };

export default function VerifyEmailPage() {
  return (
    <section className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">Confirm your email</h1>
      <div className="mt-6">
        <ConfirmEmail />
      </div>
    </section>
  );
}
