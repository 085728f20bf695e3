/**
 * One view of an organization's rollout, merged from what rolelink knows
 * (member connections, refused reports) and what the organization says
 * (accounts under the targets, read with the management role). Pure, so
 * the merge is tested without AWS.
 */
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import type { OrganizationAccount } from "@/lib/aws/organization-accounts";

export type RolloutState = ConnectionStatus | "refused" | "not_reported";

export interface RolloutAccount {
  accountId: string;
  name: string | null;
  state: RolloutState;
  reason: string | null;
  connectionId: string | null;
  /** Joined the organization after the link was created (picked up by auto-deployment). */
  joinedLater: boolean;
  isManagement: boolean;
  /** Reported in but no longer under the targets per Organizations. */
  outsideTargets: boolean;
}

export interface Rollout {
  /** Accounts rolelink should hear from: the management account plus every account under the targets; null when Organizations could not be read. */
  expected: number | null;
  connected: number;
  accounts: RolloutAccount[];
}

export function mergeRollout(input: {
  managementAccountId: string;
  linkCreatedAt: Date;
  members: Array<{ id: string; accountId: string; status: ConnectionStatus; lastError: string | null; diagnosis: string | null }>;
  refused: Array<{ accountId: string; reason: string | null }>;
  organizationAccounts: OrganizationAccount[] | null;
}): Rollout {
  const byAccount = new Map<string, RolloutAccount>();
  const listed = new Map((input.organizationAccounts ?? []).map((account) => [account.id, account]));
  const base = (accountId: string): RolloutAccount => {
    const account = listed.get(accountId);
    return {
      accountId,
      name: account?.name ?? null,
      state: "not_reported",
      reason: null,
      connectionId: null,
      joinedLater: account?.joinedAt ? account.joinedAt > input.linkCreatedAt : false,
      isManagement: accountId === input.managementAccountId,
      outsideTargets: input.organizationAccounts !== null && !account && accountId !== input.managementAccountId,
    };
  };
  const expectedIds = new Set([input.managementAccountId, ...[...listed.keys()].filter((id) => id !== input.managementAccountId)]);
  for (const id of expectedIds) byAccount.set(id, base(id));
  for (const refusal of input.refused) {
    const row = byAccount.get(refusal.accountId) ?? base(refusal.accountId);
    byAccount.set(refusal.accountId, { ...row, state: "refused", reason: refusal.reason });
  }
  // A member's connection (newest first from the caller) wins over an earlier refusal.
  for (const member of input.members) {
    const row = byAccount.get(member.accountId) ?? base(member.accountId);
    if (row.connectionId) continue;
    byAccount.set(member.accountId, {
      ...row,
      state: member.status,
      reason: member.lastError ?? member.diagnosis,
      connectionId: member.id,
    });
  }
  // Refusals from accounts that are not under the targets (someone else's stack) are not this organization's rollout;
  // members that left stay visible as disconnected.
  const accounts = [...byAccount.values()]
    .filter((row) => expectedIds.has(row.accountId) || row.connectionId !== null)
    .sort((a, b) => Number(b.isManagement) - Number(a.isManagement) || a.accountId.localeCompare(b.accountId));
  return {
    expected: input.organizationAccounts === null ? null : expectedIds.size,
    connected: accounts.filter((row) => row.state === "connected" && expectedIds.has(row.accountId)).length,
    accounts,
  };
}
