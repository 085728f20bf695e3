import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { DateTime } from "@/components/ui/date";
import { Table, TBody, THead, Td, Th, Tr } from "@/components/ui/table";
import type { AdminConnectionRow } from "@/lib/data/admin-connections";
import type { ListState } from "@/lib/admin/list-params";
import { SortHeader } from "./sort-header";

function LastVerified({ row }: { row: AdminConnectionRow }) {
  if (!row.lastVerifiedAt) return <span className="text-slate-600">Never</span>;
  return (
    <span>
      <DateTime value={row.lastVerifiedAt} />{" "}
      {row.lastVerifyOk ? <span className="text-emerald-800">· OK</span> : <span className="text-red-800">· Failed</span>}
    </span>
  );
}

/**
 * Health and reason first: status, account, customer, last verified, and the
 * reason (last error, or a waiting link's diagnosis) as a wrapping second line.
 * The role ARN is on the account's page (and the account link's tooltip).
 */
export function ConnectionsTable({ rows, state }: { rows: AdminConnectionRow[]; state: ListState }) {
  if (rows.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-700">No connections match.</p>
    );
  }
  return (
    <Table label="Connections">
      <THead>
        <tr>
          <Th>Status</Th>
          <SortHeader column="account" state={state}>
            Account
          </SortHeader>
          <Th>Customer</Th>
          <Th>Region</Th>
          <SortHeader column="verified" state={state}>
            Last verified
          </SortHeader>
          <SortHeader column="newest" state={state}>
            Created
          </SortHeader>
        </tr>
      </THead>
      <TBody>
        {rows.flatMap((row) => [
          <Tr key={row.id} data-testid="connection-row" className="border-t border-slate-200 first:border-t-0">
            <Td label="Status">
              <StatusBadge status={row.status} />
              {row.outdated && (
                <span className="mt-1 block text-xs text-amber-900" data-testid="outdated-template">
                  Template {row.templateVersion}: update available
                </span>
              )}
            </Td>
            <Td label="Account" className="font-mono" data-testid="account-cell">
              <Link
                href={`/admin/accounts/${row.id}`}
                title={row.roleArn ?? "No role yet"}
                className="text-indigo-700 underline-offset-2 hover:underline"
              >
                {row.accountId}
              </Link>
              {row.organization && (
                <span className="mt-1 block font-sans text-xs text-slate-600" data-testid="organization-member">
                  Member of {row.organization}
                </span>
              )}
            </Td>
            <Td label="Customer" className="break-all">
              {row.email}
            </Td>
            <Td label="Region" className="whitespace-nowrap">
              {row.region}
            </Td>
            <Td label="Last verified">
              <LastVerified row={row} />
            </Td>
            <Td label="Created">
              <DateTime value={row.createdAt} />
            </Td>
          </Tr>,
          row.lastError ? (
            <Tr key={`${row.id}-reason`} data-testid="connection-reason">
              <Td colSpan={6} className="pb-2 text-red-800 md:pt-0">
                <span className="font-medium">Reason: </span>
                <span className="break-words">{row.lastError}</span>
              </Td>
            </Tr>
          ) : null,
        ])}
      </TBody>
    </Table>
  );
}
