import { ResetForm } from "./reset-form";

export const metadata = { title: "Choose a new password" };

export default function ResetPasswordPage() {
  return (
    <section className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">Choose a new password</h1>
      <div className="mt-6">
        <ResetForm />
      </div>
    </section>
  );
}
