/** What the management role's reading of the organization means for a claim, in words for the stack's Reason. */
import type { AccessProof } from "@/lib/aws/assume-role";
import type { Membership } from "@/lib/aws/organization-reader";
import { masked } from "@/lib/connections/stack-requests/check-request";
import type { OrganizationLinkForRequest } from "@/lib/connections/stack-requests/context";
import type { OrganizationRequestKind } from "./check-organization-request";

export function membershipRefusal(
  read: { access: AccessProof; membership?: Membership },
  input: { kind: OrganizationRequestKind; accountId: string; link: OrganizationLinkForRequest },
): { check: string; reason: string } | null {
  const { kind, accountId, link } = input;
  const who = `Account ${masked(accountId)}`;
  if (!read.access.ok) {
    return kind === "management"
      ? {
          check: `management_assume_${read.access.code}`,
          reason: `${read.access.message} rolelink could not use the organization stack's role.`,
        }
      : {
          check: `management_assume_${read.access.code}`,
          reason:
            "rolelink could not use the organization's management role to confirm this account; check the organization stack in the management account.",
        };
  }
  const membership = read.membership ?? { kind: "unavailable" as const };
  switch (membership.kind) {
    case "denied":
      return kind === "management"
        ? {
            check: "organization_not_readable",
            reason:
              "The role cannot read your organization: launch the organization stack in the management account, or in a CloudFormation delegated administrator account with CallAs DELEGATED_ADMIN.",
          }
        : {
            check: "organization_not_readable",
            reason: "The organization's management role can no longer read the organization, so rolelink cannot confirm this account.",
          };
    case "unavailable":
      return {
        check: "organization_unavailable",
        reason: "AWS Organizations did not answer rolelink's check; retry the stack instance in a few minutes.",
      };
    case "not_in_organization":
      return { check: "not_in_organization", reason: `${who} is not in the organization this External ID was issued for.` };
    case "outside_targets":
    case "under_target":
      if (link.organizationId && membership.organizationId !== link.organizationId) {
        return { check: "other_organization", reason: `${who} is not in the organization this External ID was issued for.` };
      }
      if (kind === "member" && membership.kind === "outside_targets") {
        return {
          check: "outside_targets",
          reason: `${who} is in the organization but not under the targets chosen for rolelink (${link.targets.join(", ")}).`,
        };
      }
      return null;
  }
}
