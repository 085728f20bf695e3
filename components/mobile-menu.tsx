"use client";

import { useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { SignOutButton } from "@/components/sign-out-button";

interface MenuProps {
  email: string;
  links: Array<{ href: string; label: string }>;
}

/** Below `md`: a Menu button that opens the links, the full email and Sign out. Closes on navigation. */
export function MobileMenu(props: MenuProps) {
  const pathname = usePathname();
  // A new key per page starts the menu closed after each navigation.
  return <Menu key={pathname} {...props} />;
}

function Menu({ email, links }: MenuProps) {
  const [open, setOpen] = useState(false);
  return (
    <div className="ml-auto md:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="mobile-menu"
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => event.key === "Escape" && setOpen(false)}
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
      >
        Menu
      </button>
      <div id="mobile-menu" hidden={!open} className="absolute inset-x-0 z-40 mt-3 border-b border-slate-200 bg-white px-4 pb-4 shadow-md">
        <ul className="divide-y divide-slate-100">
          {links.map((link) => (
            <li key={link.href}>
              <Link href={link.href} onClick={() => setOpen(false)} className="block py-3 text-slate-800 hover:text-indigo-700">
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
        <p className="mt-2 text-sm break-all text-slate-700">Signed in as {email}</p>
        <div className="mt-3">
          <SignOutButton />
        </div>
      </div>
    </div>
  );
}
