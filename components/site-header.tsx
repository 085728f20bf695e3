import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";
import { SignOutButton } from "@/components/sign-out-button";

export async function SiteHeader() {
  const user = await getSessionUser();
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold tracking-tight text-indigo-700">
          rolelink
        </Link>
        {user ? (
          <>
            <Link href="/connect" className="text-sm text-slate-700 hover:text-slate-950">
              Connect an account
            </Link>
            <Link href="/accounts" className="text-sm text-slate-700 hover:text-slate-950">
              My accounts
            </Link>
            <Link href="/account/security" className="text-sm text-slate-700 hover:text-slate-950">
              Security
            </Link>
            {user.role === "admin" && (
              <Link href="/admin" className="text-sm text-slate-700 hover:text-slate-950">
                Admin
              </Link>
            )}
            <span className="ml-auto truncate text-sm text-slate-500" title={user.email}>
              {user.email}
            </span>
            <SignOutButton />
          </>
        ) : (
          <div className="ml-auto flex items-center gap-3">
            <Link href="/signin" className="text-sm text-slate-700 hover:text-slate-950">
              Sign in
            </Link>
            <Link href="/signup" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
              Sign up
            </Link>
          </div>
        )}
      </nav>
    </header>
  );
}
