/**
 * Sandbox AWS Organizations: organizations with a root, nested OUs and
 * accounts (the management account included), trusted access for
 * CloudFormation StackSets on or off, and a change feed the sandbox StackSets
 * follow for auto-deployment (an account created in, moved into or out of, or
 * removed from a part of the tree).
 */
import { randomBytes } from "node:crypto";

export interface OrgAccount {
  id: string;
  name: string;
  email: string;
  parentId: string;
  joinedMethod: "CREATED" | "INVITED";
  joinedAt: Date;
}

export interface OrgUnit {
  id: string;
  name: string;
  parentId: string;
}

export interface Organization {
  id: string;
  managementAccountId: string;
  rootId: string;
  units: Map<string, OrgUnit>;
  accounts: Map<string, OrgAccount>;
  /** `aws cloudformation activate-organizations-access`: service-managed StackSets need it. */
  stackSetsTrustedAccess: boolean;
}

/** An account appeared under `to`, left `from`, or both (a move). */
export interface OrgChange {
  organizationId: string;
  accountId: string;
  from?: string;
  to?: string;
}

export class OrgError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const lower = (length: number) => Array.from(randomBytes(length), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");

export function createOrganizations() {
  const organizations = new Map<string, Organization>();
  const listeners: Array<(change: OrgChange) => void> = [];
  const emit = (change: OrgChange) => listeners.forEach((listener) => listener(change));

  const state = {
    organizations,
    /** Called synchronously after every membership change. */
    onChange(listener: (change: OrgChange) => void): void {
      listeners.push(listener);
    },
    /** The organization an account belongs to (as management account or member). */
    organizationOf(accountId: string): Organization | undefined {
      return [...organizations.values()].find((org) => org.accounts.has(accountId));
    },
    get(organizationId: string): Organization | undefined {
      return organizations.get(organizationId);
    },
    create(input: { managementAccountId: string; name?: string; stackSetsTrustedAccess?: boolean }): Organization {
      if (state.organizationOf(input.managementAccountId))
        throw new OrgError("AlreadyInOrganizationException", "The account is already a member of an organization.");
      const org: Organization = {
        id: `o-${lower(10)}`,
        managementAccountId: input.managementAccountId,
        rootId: `r-${lower(4)}`,
        units: new Map(),
        accounts: new Map(),
        stackSetsTrustedAccess: input.stackSetsTrustedAccess ?? true,
      };
      org.accounts.set(input.managementAccountId, account(input.managementAccountId, input.name ?? "management", org.rootId, "CREATED"));
      organizations.set(org.id, org);
      return org;
    },
    createUnit(organizationId: string, input: { parentId: string; name: string }): OrgUnit {
      const org = must(organizationId);
      parentMust(org, input.parentId);
      const unit = { id: `ou-${org.rootId.slice(2)}-${lower(8)}`, name: input.name, parentId: input.parentId };
      org.units.set(unit.id, unit);
      return unit;
    },
    /** CreateAccount, or an accepted invitation with `joinedMethod: "INVITED"`. */
    addAccount(
      organizationId: string,
      input: { id?: string; name: string; parentId?: string; joinedMethod?: OrgAccount["joinedMethod"] },
    ): OrgAccount {
      const org = must(organizationId);
      const parentId = input.parentId ?? org.rootId;
      parentMust(org, parentId);
      const id = input.id ?? Array.from(randomBytes(12), (b) => String(b % 10)).join("");
      if (state.organizationOf(id)) throw new OrgError("DuplicateAccountException", "That account is already in an organization.");
      org.accounts.set(id, account(id, input.name, parentId, input.joinedMethod ?? "CREATED"));
      emit({ organizationId, accountId: id, to: parentId });
      return org.accounts.get(id)!;
    },
    /** MoveAccount: the source must be the account's current parent, as in AWS. */
    moveAccount(organizationId: string, input: { accountId: string; destinationParentId: string }): OrgAccount {
      const org = must(organizationId);
      const moved = org.accounts.get(input.accountId);
      if (!moved) throw new OrgError("AccountNotFoundException", "You specified an account that doesn't exist.");
      parentMust(org, input.destinationParentId);
      if (moved.parentId === input.destinationParentId)
        throw new OrgError("DuplicateAccountException", "That account is already present in the specified destination.");
      const from = moved.parentId;
      moved.parentId = input.destinationParentId;
      emit({ organizationId, accountId: moved.id, from, to: moved.parentId });
      return moved;
    },
    /** RemoveAccountFromOrganization (never the management account). */
    removeAccount(organizationId: string, accountId: string): void {
      const org = must(organizationId);
      const removed = org.accounts.get(accountId);
      if (!removed) throw new OrgError("AccountNotFoundException", "You specified an account that doesn't exist.");
      if (accountId === org.managementAccountId)
        throw new OrgError("ConstraintViolationException", "You can't remove the management account from an organization.");
      org.accounts.delete(accountId);
      emit({ organizationId, accountId, from: removed.parentId });
    },
    setTrustedAccess(organizationId: string, enabled: boolean): void {
      must(organizationId).stackSetsTrustedAccess = enabled;
    },
    /** Ids of the parents from the account's own parent up to the root. */
    ancestry(org: Organization, parentId: string): string[] {
      const chain: string[] = [];
      for (let id: string | undefined = parentId; id !== undefined; id = org.units.get(id)?.parentId) chain.push(id);
      return chain;
    },
    /** Member accounts (never the management account) somewhere under any of `targets`. */
    membersUnder(org: Organization, targets: string[]): OrgAccount[] {
      return [...org.accounts.values()].filter(
        (a) => a.id !== org.managementAccountId && state.ancestry(org, a.parentId).some((id) => targets.includes(id)),
      );
    },
  };

  function must(organizationId: string): Organization {
    const org = organizations.get(organizationId);
    if (!org) throw new OrgError("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
    return org;
  }

  function parentMust(org: Organization, parentId: string): void {
    if (parentId !== org.rootId && !org.units.has(parentId))
      throw new OrgError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
  }

  return state;
}

function account(id: string, name: string, parentId: string, joinedMethod: OrgAccount["joinedMethod"]): OrgAccount {
  return {
    id,
    name,
    email: `${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}@example.com`,
    parentId,
    joinedMethod,
    joinedAt: new Date(),
  };
}

export type SandboxOrganizations = ReturnType<typeof createOrganizations>;
