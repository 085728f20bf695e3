import { emailSchema } from "@/lib/auth/schemas";
import { SignInForm } from "./signin-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[]; email?: string | string[] }>;
}) {
  const { callbackUrl, email } = await searchParams;
  // "Sign in instead" from sign-up passes the email along; anything else is dropped.
  const knownEmail = emailSchema.safeParse(email);
  return (
    <section className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <div className="mt-6">
        <SignInForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : null} email={knownEmail.success ? knownEmail.data : ""} />
      </div>
    </section>
  );
}
