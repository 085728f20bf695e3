import { emailSchema } from "@/lib/auth/schemas";
import { ForgotForm } from "./forgot-form";

export const metadata = { title: "Reset your password" };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ email?: string | string[] }> }) {
  const known = emailSchema.safeParse((await searchParams).email);
  return (
    <section className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">Reset your password</h1>
      <p className="mt-2 text-sm text-slate-600">Enter your account&apos;s email. We will send a link to choose a new password.</p>
      <div className="mt-6">
        <ForgotForm email={known.success ? known.data : ""} />
      </div>
    </section>
  );
}
