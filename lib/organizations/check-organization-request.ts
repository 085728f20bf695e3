/**
 * The static checks on a Create that names an organization link's External
 * ID, before anything is asked of AWS. Like check-request.ts for a single
 * account: the request is untrusted and passing here only means it is worth
 * confirming (inside the account, and with the management role).
 */
import { parseRoleArn, parseStackId } from "@/lib/aws/identifiers";
import type { CustomResourceRequest } from "@/lib/cfn/custom-resource";
import { masked, type CheckResult } from "@/lib/connections/stack-requests/check-request";
import type { OrganizationLinkForRequest } from "@/lib/connections/stack-requests/context";

export type OrganizationRequestKind = "management" | "member";

/**
 * The management stack's PhoneHome sends the targets; member stacks (the
 * account template) do not. Only the management account may send the former.
 */
export function kindOfRequest(request: CustomResourceRequest, link: OrganizationLinkForRequest): OrganizationRequestKind {
  const fromManagement = parseStackId(request.StackId)?.accountId === link.managementAccountId;
  return fromManagement && request.ResourceProperties.OrganizationalUnitIds !== undefined ? "management" : "member";
}

export function checkOrganizationCreate(input: {
  request: CustomResourceRequest;
  topicRegion: string;
  link: OrganizationLinkForRequest;
  kind: OrganizationRequestKind;
  connectUrl: string;
}): CheckResult & { accountId?: string } {
  const { request, topicRegion, link, kind, connectUrl } = input;
  const props = request.ResourceProperties;
  const stack = parseStackId(request.StackId);
  const role = props.RoleArn ? parseRoleArn(props.RoleArn) : null;
  const refuse = (check: string, reason: string) => ({ ok: false as const, check, reason });

  if (!stack || !role) return refuse("malformed_ids", `The stack did not send a valid role ARN; start again at ${connectUrl}`);
  if (props.AccountID !== stack.accountId || role.accountId !== stack.accountId) {
    return refuse(
      "role_account_mismatch",
      "The role or account the stack sent is not the account the stack runs in. Use the unmodified rolelink template.",
    );
  }
  if (stack.region !== topicRegion || link.region !== topicRegion) {
    return refuse(
      "region_mismatch",
      `This organization was linked for ${link.region}: the StackSet deploys there only, and member stacks must phone home to rolelink's ${link.region} topic.`,
    );
  }
  if (kind === "member" && stack.accountId === link.managementAccountId && link.callAs === "SELF") {
    // Service-managed StackSets never deploy to the management account: this is not a member stack.
    return refuse(
      "member_stack_in_management_account",
      "This is the organization's management account: its role comes from the organization stack itself, not from a member stack.",
    );
  }
  if (kind === "member" && !link.managementRoleArn) {
    return refuse(
      "organization_not_confirmed",
      `Account ${masked(stack.accountId)}'s stack reported before the organization stack in the management account was confirmed; rolelink confirms members with that stack's role. Retry the StackSet's stack instances once the organization stack is CREATE_COMPLETE.`,
    );
  }
  return { ok: true, roleArn: props.RoleArn!, accountId: stack.accountId };
}
