/** Customer reads of organization links: a customer sees their own links and nothing else. */
import "server-only";
import { db } from "@/lib/db";
import { requireUser } from "@/lib/auth/session";
import { sourceIdentityFor } from "@/lib/aws/source-identity";
import { listAccountsUnderTargets, type OrganizationAccount } from "@/lib/aws/organization-accounts";
import { mergeRollout, type Rollout } from "@/lib/organizations/rollout";
import { organizationStackState, type OrganizationStackState } from "@/lib/organizations/stack-state";

const LINK_SELECT = {
  id: true,
  managementAccountId: true,
  region: true,
  externalId: true,
  targets: true,
  callAs: true,
  organizationId: true,
  managementRoleArn: true,
  createdAt: true,
} as const;

export async function listMyOrganizationLinks() {
  const user = await requireUser("/connect");
  return db.organizationLink.findMany({
    where: { ownerId: user.id },
    select: { id: true, managementAccountId: true, region: true, organizationId: true },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
}

/** Ownership is part of the query itself: another customer's id finds nothing. */
export async function getMyOrganizationLink(id: string) {
  const user = await requireUser("/connect");
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return db.organizationLink.findFirst({ where: { id, ownerId: user.id }, select: LINK_SELECT });
}

export interface OrganizationRolloutView {
  rollout: Rollout;
  stack: OrganizationStackState;
  /** Why the account count is missing, when Organizations could not be read. */
  countUnavailable: "not_confirmed" | "denied" | "unavailable" | null;
}

/**
 * The organization's accounts are read with the management role at most
 * every 15 s per link: the page polls, and every read is an AssumeRole in the
 * customer's CloudTrail.
 */
const ACCOUNTS_TTL_MS = 15_000;
const accountsCache = new Map<string, { at: number; value: Awaited<ReturnType<typeof listAccountsUnderTargets>> }>();

async function organizationAccounts(link: {
  id: string;
  managementRoleArn: string;
  externalId: string;
  managementAccountId: string;
  targets: string[];
}) {
  const cached = accountsCache.get(link.id);
  if (cached && Date.now() - cached.at < ACCOUNTS_TTL_MS) return cached.value;
  const value = await listAccountsUnderTargets({
    roleArn: link.managementRoleArn,
    externalId: link.externalId,
    expectedAccountId: link.managementAccountId,
    sessionName: `rolelink-rollout-${link.id}`.slice(0, 64),
    sourceIdentity: sourceIdentityFor({ kind: "system" }),
    targets: link.targets,
  });
  accountsCache.set(link.id, { at: Date.now(), value });
  return value;
}

export async function getMyOrganizationRollout(id: string): Promise<OrganizationRolloutView | null> {
  const link = await getMyOrganizationLink(id);
  if (!link) return null;
  const [members, refused] = await Promise.all([
    db.connection.findMany({
      where: { organizationLinkId: link.id },
      select: { id: true, accountId: true, status: true, lastError: true, diagnosis: true },
      orderBy: { createdAt: "desc" },
      take: 5_000,
    }),
    // Creates refused before any connection existed (outside the targets, for example): their Reason is all there is.
    db.$queryRaw<Array<{ accountId: string; reason: string | null }>>`
      SELECT DISTINCT ON (claimed_account) claimed_account AS "accountId", response_reason AS reason
        FROM cfn_requests
       WHERE request_type = 'Create' AND response_status = 'FAILED' AND claimed_account IS NOT NULL
         AND payload->'request'->'ResourceProperties'->>'ExternalID' = ${link.externalId}
       ORDER BY claimed_account, created_at DESC
       LIMIT 5000`,
  ]);
  let accounts: OrganizationAccount[] | null = null;
  let countUnavailable: OrganizationRolloutView["countUnavailable"] = "not_confirmed";
  if (link.managementRoleArn) {
    const listed = await organizationAccounts({ ...link, managementRoleArn: link.managementRoleArn });
    accounts = listed.ok ? listed.accounts : null;
    countUnavailable = listed.ok ? null : listed.reason === "denied" ? "denied" : "unavailable";
  }
  const rollout = mergeRollout({
    managementAccountId: link.managementAccountId,
    linkCreatedAt: link.createdAt,
    members,
    refused,
    organizationAccounts: accounts,
  });
  return { rollout, stack: await organizationStackState(link.id, link.managementAccountId), countUnavailable };
}
