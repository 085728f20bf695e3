import Link from "next/link";
import { listRefusedMessages, listUnansweredRequests, parseRefusedCursor } from "@/lib/data/admin-refused";
import { DateTime, formatDateTime } from "@/components/ui/date";
import { Table, TBody, THead, Td, Th, Tr } from "@/components/ui/table";
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
        <p className="text-sm text-slate-700">
          CloudFormation requests that reached rolelink through SNS but named no connection it issued (an unknown or edited External ID, or
          a forged message). Nothing was changed; each stack was answered. Requests for a known link show on that link instead.
        </p>
      </div>
      {unanswered.length > 0 && (
        <div className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900" data-testid="unanswered">
          <h2 className="font-semibold">Requests rolelink could not answer</h2>
          <p>Parked after repeated failures: the stack will time out on its own. Check the logs for these request ids.</p>
          <ul className="mt-2 space-y-1">
            {unanswered.map((row) => (
              <li key={row.id}>
                {formatDateTime(row.at)} · {row.requestType} · {row.attempts} attempts ·{" "}
                <span className="font-mono text-xs break-all">{row.stackId}</span>
                {row.connectionId && (
                  <>
                    {" "}
                    ·{" "}
                    <Link href={`/admin/accounts/${row.connectionId}`} className="underline">
                      connection
                    </Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-700">No refused messages.</p>
      ) : (
        <Table label="Refused messages">
          <THead>
            <tr>
              <Th>When</Th>
              <Th>Claimed account</Th>
              <Th>Check</Th>
              <Th>Request</Th>
              <Th>Stack</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((row) => (
              <Tr key={row.id} data-testid="refused-row" className="border-t border-slate-200 first:border-t-0">
                <Td label="When">
                  <DateTime value={row.at} />
                </Td>
                <Td label="Claimed account" className="font-mono">
                  {row.claimedAccount ?? "—"}
                </Td>
                <Td label="Check" className="font-mono text-xs">
                  {row.check}
                </Td>
                <Td label="Request">{row.requestType ?? "—"}</Td>
                <Td label="Stack" className="font-mono text-xs break-all">
                  {row.stackId ?? "—"}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <nav aria-label="Pagination" className="flex justify-between text-sm">
        {cursor ? (
          <Link href="/admin/refused" className="text-indigo-700 hover:underline">
            First page
          </Link>
        ) : (
          <span />
        )}
        {nextCursor ? (
          <Link href={`/admin/refused?${new URLSearchParams({ cursor: nextCursor })}`} className="text-indigo-700 hover:underline">
            Next page
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </section>
  );
}
