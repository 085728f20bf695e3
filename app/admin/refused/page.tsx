import Link from "next/link";
import { listRefusedMessages, listUnansweredRequests, parseRefusedCursor } from "@/lib/data/admin-refused";
import { formatDate } from "../_components/format";
import { requireAdminPage } from "../_components/require-admin-page";

export const metadata = { title: "Admin · Refused messages" };

export default async function RefusedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminPage("/admin/refused");
  const cursor = parseRefusedCursor((await searchParams).cursor);
  const [{ rows, nextCursor }, unanswered] = await Promise.all([listRefusedMessages(cursor), listUnansweredRequests()]);
  return (
    <section className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">Refused messages</h1>
        <p className="text-sm text-slate-600">
          CloudFormation requests that reached rolelink through SNS but named no connection it issued (an unknown or edited External ID, or a
          forged message). Nothing was changed; each stack was answered. Requests for a known link show on that link instead.
        </p>
      </div>
      {unanswered.length > 0 && (
        <div className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900" data-testid="unanswered">
          <h2 className="font-semibold">Requests rolelink could not answer</h2>
          <p>Parked after repeated failures: the stack will time out on its own. Check the logs for these request ids.</p>
          <ul className="mt-2 space-y-1">
            {unanswered.map((row) => (
              <li key={row.id}>
                {formatDate(row.at)} UTC · {row.requestType} · {row.attempts} attempts · <span className="break-all font-mono text-xs">{row.stackId}</span>
                {row.connectionId && (
                  <>
                    {" "}· <Link href={`/admin/accounts/${row.connectionId}`} className="underline">connection</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">No refused messages.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Refused messages">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">When (UTC)</th>
                <th scope="col" className="px-3 py-2">Claimed account</th>
                <th scope="col" className="px-3 py-2">Check</th>
                <th scope="col" className="px-3 py-2">Request</th>
                <th scope="col" className="px-3 py-2">Stack</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.id} data-testid="refused-row">
                  <td className="whitespace-nowrap px-3 py-2">{formatDate(row.at)}</td>
                  <td className="px-3 py-2 font-mono">{row.claimedAccount ?? "—"}</td>
                  <td className="px-3 py-2 font-mono text-xs">{row.check}</td>
                  <td className="px-3 py-2">{row.requestType ?? "—"}</td>
                  <td className="break-all px-3 py-2 font-mono text-xs">{row.stackId ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pagination" className="flex justify-between text-sm">
        {cursor ? <Link href="/admin/refused" className="text-indigo-700 hover:underline">First page</Link> : <span />}
        {nextCursor ? <Link href={`/admin/refused?${new URLSearchParams({ cursor: nextCursor })}`} className="text-indigo-700 hover:underline">Next page</Link> : <span />}
      </nav>
    </section>
  );
}
