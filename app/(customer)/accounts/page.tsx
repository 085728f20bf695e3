import Link from "next/link";
import { listMyConnections } from "@/lib/data/my-connections";
import { StatusBadge } from "@/components/status-badge";

export const metadata = { title: "My accounts" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function MyAccountsPage() {
  const connections = await listMyConnections();
  return (
    <section className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">My accounts</h1>
        <Link href="/connect" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          Connect an account
        </Link>
      </div>
      {connections.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="font-medium">No AWS accounts yet</p>
          <p className="mt-1 text-sm text-slate-600">Connect one in a few clicks; no access keys needed.</p>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">Account</th>
                <th scope="col" className="px-4 py-2">Region</th>
                <th scope="col" className="px-4 py-2">Status</th>
                <th scope="col" className="px-4 py-2">Role ARN</th>
                <th scope="col" className="px-4 py-2">Connected (UTC)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {connections.map((c) => (
                <tr key={c.id}>
                  <td className="px-4 py-2 font-mono">
                    <Link href={`/connect/${c.id}`} className="text-indigo-700 hover:underline">{c.accountId}</Link>
                  </td>
                  <td className="px-4 py-2">{c.region}</td>
                  <td className="px-4 py-2"><StatusBadge status={c.status} /></td>
                  <td className="max-w-xs truncate px-4 py-2 font-mono text-xs" title={c.roleArn ?? undefined}>{c.roleArn ?? "—"}</td>
                  <td className="px-4 py-2 whitespace-nowrap">{c.connectedAt ? dateFormat.format(c.connectedAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
