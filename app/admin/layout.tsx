import Link from "next/link";
import { requireAdminPage } from "./_components/require-admin-page";

/** A second gate after the proxy (each read and action checks again itself). */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireAdminPage();
  return (
    <div data-layout="wide" className="space-y-6">
      <nav aria-label="Admin" className="flex flex-wrap gap-4 border-b border-slate-200 pb-2 text-sm">
        <Link href="/admin" className="font-medium text-slate-700 hover:text-indigo-700">
          Connections
        </Link>
        <Link href="/admin/audit" className="font-medium text-slate-700 hover:text-indigo-700">
          Audit log
        </Link>
        <Link href="/admin/refused" className="font-medium text-slate-700 hover:text-indigo-700">
          Refused messages
        </Link>
        <Link href="/admin/api-keys" className="font-medium text-slate-700 hover:text-indigo-700">
          API keys
        </Link>
        <Link href="/admin/webhooks" className="font-medium text-slate-700 hover:text-indigo-700">
          Webhooks
        </Link>
      </nav>
      {children}
    </div>
  );
}
