/**
 * The accounts an organization link should hear from: every account under
 * its targets (walking OUs down from each target), read with the management
 * role's ListAccountsForParent and ListOrganizationalUnitsForParent. The
 * management account is never deployed to by a service-managed StackSet, so
 * the caller counts it separately. Credentials stay inside proveAccess's callback.
 */
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { proveAccess, type ProveAccessInput } from "./assume-role";
import { organizationsClientWithCredentials } from "./clients";

export interface OrganizationAccount {
  id: string;
  name: string;
  status: string;
  /** The OU or root it sits directly under. */
  parentId: string;
  joinedAt: Date | null;
}

export type AccountsUnderTargets =
  { ok: true; accounts: OrganizationAccount[] } | { ok: false; reason: "access" | "denied" | "unavailable" };

/** AWS nests OUs at most 5 deep; a cap keeps a malformed answer from looping. */
const MAX_UNITS = 2_000;

async function walk(client: OrganizationsClient, targets: string[]): Promise<OrganizationAccount[]> {
  const accounts = new Map<string, OrganizationAccount>();
  const queue = [...targets];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < MAX_UNITS) {
    const parentId = queue.shift()!;
    if (seen.has(parentId)) continue;
    seen.add(parentId);
    let token: string | undefined;
    do {
      const page = await client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken: token }));
      for (const account of page.Accounts ?? []) {
        if (account.Id)
          accounts.set(account.Id, {
            id: account.Id,
            name: account.Name ?? "",
            status: account.Status ?? "ACTIVE",
            parentId,
            joinedAt: account.JoinedTimestamp ?? null,
          });
      }
      token = page.NextToken;
    } while (token);
    do {
      const page = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken: token }));
      for (const unit of page.OrganizationalUnits ?? []) if (unit.Id) queue.push(unit.Id);
      token = page.NextToken;
    } while (token);
  }
  return [...accounts.values()];
}

export async function listAccountsUnderTargets(input: ProveAccessInput & { targets: string[] }): Promise<AccountsUnderTargets> {
  let result: AccountsUnderTargets = { ok: false, reason: "unavailable" };
  const access = await proveAccess(input, async (credentials) => {
    try {
      result = { ok: true, accounts: await walk(organizationsClientWithCredentials(credentials), input.targets) };
    } catch (error) {
      const name = typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
      result = { ok: false, reason: name === "AccessDeniedException" ? "denied" : "unavailable" };
    }
  });
  return access.ok ? result : { ok: false, reason: "access" };
}
