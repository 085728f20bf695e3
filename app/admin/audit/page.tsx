import Link from "next/link";
import { listAuditEntries } from "@/lib/data/admin-audit";
import { parseAuditParams } from "@/lib/admin/audit-params";
import { DateTime } from "@/components/ui/date";
import { Table, TBody, THead, Td, Th, Tr } from "@/components/ui/table";
import { requireAdminPage } from "../_components/require-admin-page";

export const metadata = { title: "Admin · Audit log" };

function href(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminPage("/admin/audit");
  const params = parseAuditParams(await searchParams);
  const { entries, nextCursor } = await listAuditEntries(params);
  return (
    <section className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="text-sm text-slate-700">Every AssumeRole rolelink made into a customer account: who, when, why, and the outcome.</p>
        </div>
        <a
          href={href("/admin/audit/export", { account: params.account })}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50"
          download
        >
          Export CSV
        </a>
      </div>
      <form method="get" action="/admin/audit" role="search" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="account" className="block text-sm font-medium text-slate-800">
            AWS account ID
          </label>
          <input
            id="account"
            name="account"
            defaultValue={params.account ?? ""}
            inputMode="numeric"
            placeholder="123456789012"
            className="mt-1 w-full max-w-56 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
          />
        </div>
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          Filter
        </button>
        {params.account && (
          <Link href="/admin/audit" className="text-sm text-indigo-700 hover:underline">
            Clear
          </Link>
        )}
      </form>
      {entries.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-700">
          No AssumeRole calls recorded{params.account ? " for that account" : ""}.
        </p>
      ) : (
        <Table label="Audit log">
          <THead>
            <tr>
              <Th>When</Th>
              <Th>Account</Th>
              <Th>Who</Th>
              <Th>Why</Th>
              <Th>Outcome</Th>
            </tr>
          </THead>
          <TBody>
            {entries.map((entry) => (
              <Tr key={entry.id} data-testid="audit-row" className="border-t border-slate-200 first:border-t-0">
                <Td label="When">
                  <DateTime value={entry.at} />
                </Td>
                <Td label="Account" className="font-mono">
                  {entry.connectionId ? (
                    <Link href={`/admin/accounts/${entry.connectionId}`} className="text-indigo-700 hover:underline">
                      {entry.accountId}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
                <Td label="Who" className="break-all">
                  {entry.who}
                </Td>
                <Td label="Why">{entry.why}</Td>
                <Td label="Outcome">
                  {entry.outcome === "succeeded" ? (
                    <span className="text-emerald-800">
                      Succeeded <span className="font-mono text-xs break-all text-slate-700">{entry.assumedRoleArn}</span>
                    </span>
                  ) : (
                    <span className="text-red-800">Failed: {entry.message || entry.code}</span>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <nav aria-label="Pagination" className="flex justify-between text-sm">
        {params.cursor ? (
          <Link href={href("/admin/audit", { account: params.account })} className="text-indigo-700 hover:underline">
            First page
          </Link>
        ) : (
          <span />
        )}
        {nextCursor ? (
          <Link href={href("/admin/audit", { account: params.account, cursor: nextCursor })} className="text-indigo-700 hover:underline">
            Next page
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </section>
  );
}
