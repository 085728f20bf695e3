import { SignUpForm } from "./signup-form";

export const metadata = { title: "Sign up" };

export default function SignUpPage() {
  return (
    <section className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">Create your account</h1>
      <p className="mt-2 text-sm text-slate-600">Then connect your AWS account in a few clicks, without sharing any keys.</p>
      <div className="mt-6">
        <SignUpForm />
      </div>
    </section>
  );
}
