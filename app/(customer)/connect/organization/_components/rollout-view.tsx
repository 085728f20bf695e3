import type { Rollout, RolloutAccount } from "@/lib/organizations/rollout";
import { StatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, THead, Td, Th, Tr } from "@/components/ui/table";

function StateBadge({ row }: { row: RolloutAccount }) {
  if (row.state === "not_reported")
    return (
      <Badge tone="neutral" data-status="not_reported">
        Not reported yet
      </Badge>
    );
  if (row.state === "refused")
    return (
      <Badge tone="danger" data-status="refused">
        Refused
      </Badge>
    );
  return <StatusBadge status={row.state} />;
}

const UNAVAILABLE: Record<string, string> = {
  not_confirmed: "rolelink counts your accounts once the organization stack is confirmed.",
  denied: "The management role can no longer list your organization's accounts, so the total is unknown.",
  unavailable: "AWS Organizations did not answer just now; the total will follow.",
};

export function RolloutView({ rollout, countUnavailable }: { rollout: Rollout; countUnavailable: string | null }) {
  const pending = rollout.accounts.filter((row) => row.state === "not_reported").length;
  return (
    <section aria-labelledby="rollout-heading" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="rollout-heading" className="text-lg font-semibold">
        Rollout
      </h2>
      <p className="mt-2 text-2xl font-semibold" data-testid="rollout-summary" aria-live="polite">
        {rollout.expected === null
          ? `${rollout.connected} accounts connected`
          : `${rollout.connected} of ${rollout.expected} accounts connected`}
      </p>
      <p className="mt-1 text-sm text-slate-600">
        {rollout.expected === null
          ? UNAVAILABLE[countUnavailable ?? "unavailable"]
          : `The management account plus every account under your targets. ${pending} not reported yet.`}
      </p>
      {rollout.accounts.length > 0 && (
        <div className="mt-4">
          <Table label="Accounts of the organization">
            <THead>
              <Tr>
                <Th>Account</Th>
                <Th>Status</Th>
                <Th>Details</Th>
              </Tr>
            </THead>
            <TBody>
              {rollout.accounts.map((row) => (
                <Tr key={row.accountId} data-testid="rollout-account" data-account={row.accountId}>
                  <Td label="Account">
                    <span className="font-mono">{row.accountId}</span>
                    {row.name && <span className="block text-xs text-slate-500">{row.name}</span>}
                  </Td>
                  <Td label="Status">
                    <StateBadge row={row} />
                  </Td>
                  <Td label="Details" className="text-sm text-slate-700">
                    {[
                      row.isManagement ? "Management account (role from the organization stack)" : null,
                      row.joinedLater ? "Joined after this link was created" : null,
                      row.outsideTargets ? "No longer under your targets" : null,
                      row.reason,
                    ]
                      .filter(Boolean)
                      .join(" · ") || "—"}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      )}
    </section>
  );
}
