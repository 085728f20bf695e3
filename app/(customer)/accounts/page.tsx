import Link from "next/link";
import { listMyConnections } from "@/lib/data/my-connections";
import { StatusBadge } from "@/components/status-badge";
import { DateTime } from "@/components/ui/date";
import { Table, TBody, THead, Td, Th, Tr } from "@/components/ui/table";

export const metadata = { title: "My accounts" };

export default async function MyAccountsPage() {
  const connections = await listMyConnections();
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">My accounts</h1>
        <Link href="/connect" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          Connect an account
        </Link>
      </div>
      {connections.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="font-medium">No AWS accounts yet</p>
          <p className="mt-1 text-sm text-slate-700">Connect one in a few clicks; no access keys needed.</p>
        </div>
      ) : (
        <Table label="My AWS accounts">
          <THead>
            <tr>
              <Th>Account</Th>
              <Th>Status</Th>
              <Th>Region</Th>
              <Th>Connected</Th>
            </tr>
          </THead>
          <TBody>
            {connections.map((c) => (
              <Tr key={c.id} data-testid="my-account-row" className="border-t border-slate-200 first:border-t-0">
                <Td label="Account" className="font-mono">
                  <Link href={`/connect/${c.id}`} title={c.roleArn ?? undefined} className="text-indigo-700 hover:underline">
                    {c.accountId}
                  </Link>
                </Td>
                <Td label="Status">
                  <StatusBadge status={c.status} />
                </Td>
                <Td label="Region">{c.region}</Td>
                <Td label="Connected">
                  <DateTime value={c.connectedAt} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
