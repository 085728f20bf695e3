/**
 * Whether an account belongs to a customer's organization, under one of the
 * targets they chose, read with the management role (the organization
 * template grants it DescribeOrganization, DescribeAccount and ListParents):
 * what rolelink checks before it trusts a member stack's claim, since the
 * organization's External ID alone authorizes nothing. The credentials stay
 * inside proveAccess's callback, as in stack-reader.ts.
 */
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListParentsCommand,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { proveAccessWithRetry, type AccessProof, type ProveAccessInput, type RetryOptions } from "./assume-role";
import { organizationsClientWithCredentials } from "./clients";

export type Membership =
  /** In the organization, below a target; `path` runs from the account's parent up to the root. */
  | { kind: "under_target"; organizationId: string; target: string; path: string[] }
  | { kind: "outside_targets"; organizationId: string; path: string[] }
  /** The management role's organization has no such account. */
  | { kind: "not_in_organization"; organizationId: string }
  /** The role may not read the organization (not the management account, or the permission was removed). */
  | { kind: "denied" }
  | { kind: "unavailable" };

export interface MembershipInput extends ProveAccessInput {
  memberAccountId: string;
  /** Root (r-…) and OU (ou-…) IDs the organization link was made for. */
  targets: string[];
}

/** An OU nesting limit of AWS is 5 levels; a longer walk means something is wrong. */
const MAX_DEPTH = 8;

const nameOf = (error: unknown) => (typeof error === "object" && error !== null && "name" in error ? String(error.name) : "");

async function readMembership(client: OrganizationsClient, input: MembershipInput): Promise<Membership> {
  const organizationId = (await client.send(new DescribeOrganizationCommand({}))).Organization?.Id;
  if (!organizationId) return { kind: "unavailable" };
  try {
    await client.send(new DescribeAccountCommand({ AccountId: input.memberAccountId }));
  } catch (error) {
    if (nameOf(error) === "AccountNotFoundException") return { kind: "not_in_organization", organizationId };
    throw error;
  }
  const path: string[] = [];
  let child = input.memberAccountId;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const parent = (await client.send(new ListParentsCommand({ ChildId: child }))).Parents?.[0];
    if (!parent?.Id) break;
    path.push(parent.Id);
    const target = input.targets.find((id) => id === parent.Id);
    if (target) return { kind: "under_target", organizationId, target, path };
    if (parent.Type === "ROOT") break;
    child = parent.Id;
  }
  return { kind: "outside_targets", organizationId, path };
}

export async function checkMembership(
  input: MembershipInput,
  options: RetryOptions = {},
): Promise<{ access: AccessProof; membership?: Membership }> {
  let membership: Membership = { kind: "unavailable" };
  const access = await proveAccessWithRetry(input, options, async (credentials) => {
    try {
      membership = await readMembership(organizationsClientWithCredentials(credentials), input);
    } catch (error) {
      const name = nameOf(error);
      membership =
        name === "AccessDeniedException" || name === "AWSOrganizationsNotInUseException" ? { kind: "denied" } : { kind: "unavailable" };
    }
  });
  return access.ok ? { access, membership } : { access };
}
