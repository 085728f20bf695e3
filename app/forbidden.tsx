import Link from "next/link";

/** Rendered with status 403 wherever forbidden() is called (authInterrupts in next.config). */
export default function Forbidden() {
  return (
    <section className="mx-auto max-w-lg rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm">
      <h1 className="text-xl font-semibold">This area is for rolelink administrators</h1>
      <p className="mt-3 text-slate-600">Your account can connect and manage your own AWS accounts, but not the admin dashboard.</p>
      <Link
        href="/connect"
        className="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
      >
        Go to your connections
      </Link>
    </section>
  );
}
