import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";
import { SignOutButton } from "@/components/sign-out-button";
import { SandboxBanner } from "@/components/sandbox-banner";
import { MobileMenu } from "@/components/mobile-menu";

const linkClass = "text-sm text-slate-700 hover:text-slate-950";

/**
 * The site header. From `md` up the links sit in one row; below it they fold
 * into a Menu button, so a 390 px screen keeps one line and the full email.
 * The sandbox banner lives inside the header's landmark.
 */
export async function SiteHeader() {
  const user = await getSessionUser();
  const links = user
    ? [
        { href: "/connect", label: "Connect an account" },
        { href: "/accounts", label: "My accounts" },
        { href: "/account/security", label: "Security" },
        ...(user.role === "admin" ? [{ href: "/admin", label: "Admin" }] : []),
      ]
    : [];
  return (
    <header className="relative border-b border-slate-200 bg-white">
      <SandboxBanner />
      <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center gap-6 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold tracking-tight text-indigo-700">
          rolelink
        </Link>
        {user ? (
          <>
            <div className="hidden items-center gap-6 md:flex">
              {links.map((link) => (
                <Link key={link.href} href={link.href} className={linkClass}>
                  {link.label}
                </Link>
              ))}
            </div>
            <div className="ml-auto hidden min-w-0 items-center gap-4 md:flex">
              <span className="truncate text-sm text-slate-700" title={user.email} data-testid="header-email">
                {user.email}
              </span>
              <SignOutButton />
            </div>
            <MobileMenu email={user.email} links={links} />
          </>
        ) : (
          <div className="ml-auto flex items-center gap-3">
            <Link href="/signin" className={linkClass}>
              Sign in
            </Link>
            <Link href="/signup" className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800">
              Sign up
            </Link>
          </div>
        )}
      </nav>
    </header>
  );
}
