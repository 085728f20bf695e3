import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";

export default async function LandingPage() {
  const user = await getSessionUser();
  return (
    <div className="space-y-12">
      <section className="pt-6">
        <h1 className="max-w-3xl text-4xl font-bold tracking-tight text-slate-950 sm:text-5xl">
          Connect your AWS account without handing over a single access key.
        </h1>
        <p className="mt-5 max-w-2xl text-lg text-slate-700">
          rolelink connects your AWS account to our service through a cross-account IAM role. You launch one CloudFormation stack; it
          creates a role that only we can assume, only with an External ID issued for you, and only with the read-only permissions you
          reviewed first.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          {user ? (
            <>
              <Link href="/accounts" className="rounded-md bg-indigo-700 px-5 py-2.5 font-medium text-white shadow-sm hover:bg-indigo-800">
                Go to my accounts
              </Link>
              <Link
                href="/connect"
                className="rounded-md border border-slate-300 bg-white px-5 py-2.5 font-medium text-slate-800 hover:bg-slate-100"
              >
                Connect an account
              </Link>
            </>
          ) : (
            <>
              <Link href="/signup" className="rounded-md bg-indigo-700 px-5 py-2.5 font-medium text-white shadow-sm hover:bg-indigo-800">
                Sign up and connect
              </Link>
              <Link
                href="/signin"
                className="rounded-md border border-slate-300 bg-white px-5 py-2.5 font-medium text-slate-800 hover:bg-slate-100"
              >
                Sign in
              </Link>
            </>
          )}
        </div>
      </section>

      <section aria-labelledby="why-roles" className="grid gap-6 sm:grid-cols-2">
        <h2 id="why-roles" className="sr-only">
          Why a role instead of access keys
        </h2>
        <div className="rounded-lg border border-red-200 bg-white p-6">
          <h3 className="font-semibold text-red-800">Access keys</h3>
          <ul className="mt-3 list-disc space-y-1.5 pl-5 text-slate-700">
            <li>Work for anyone, from anywhere, until someone revokes them.</li>
            <li>Get copied into tickets, chats and config files.</li>
            <li>Must be rotated by hand, and rarely are.</li>
          </ul>
        </div>
        <div className="rounded-lg border border-emerald-200 bg-white p-6">
          <h3 className="font-semibold text-emerald-800">A cross-account role</h3>
          <ul className="mt-3 list-disc space-y-1.5 pl-5 text-slate-700">
            <li>Gives us short-lived credentials, one session at a time.</li>
            <li>Every use shows in your CloudTrail, with who and when.</li>
            <li>You stay in control: delete the stack and access ends.</li>
            <li>An External ID unique to you stops the confused-deputy problem.</li>
          </ul>
        </div>
      </section>

      <section aria-labelledby="how" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="how" className="text-lg font-semibold">
          How it works
        </h2>
        <ol className="mt-3 list-decimal space-y-1.5 pl-5 text-slate-700">
          <li>Enter your 12-digit AWS account ID and a region.</li>
          <li>Review exactly what the role allows and whom it trusts.</li>
          <li>
            Click <strong>Launch Stack</strong> and create the stack in your AWS console.
          </li>
          <li>The stack tells us the role; we prove we can assume it, and you are connected.</li>
        </ol>
      </section>
    </div>
  );
}
