/**
 * Does the customer's own account confirm what the request claims? Pure: it
 * judges what stack-reader saw. Each refusal has a check code (for admins and
 * the audit trail) and a Reason written for the customer.
 */
import { isOlderVersion } from "@/lib/cfn/template-version";
import type { StackView } from "@/lib/aws/stack-reader";

export type RequestType = "Create" | "Update" | "Delete";

/** The first template version whose role may describe its own stack. */
export const CONFIRMABLE_SINCE = "1.1.0";

/** Stack states in which CloudFormation sends each request (AWS CloudFormation user guide: custom resource requests, stack status codes). */
export const EXPECTED_STACK_STATES: Record<RequestType, readonly string[]> = {
  Create: ["CREATE_IN_PROGRESS"],
  // A failed Update is rolled back with another Update, sent while rolling back.
  Update: ["UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS"],
  Delete: [
    "DELETE_IN_PROGRESS",
    "ROLLBACK_IN_PROGRESS",
    "UPDATE_ROLLBACK_IN_PROGRESS",
    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
  ],
};

export type Judgement =
  | { ok: true; level: "confirmed" }
  /** The role predates the describe permission: accepted on the older check (account, role and External ID). */
  | { ok: true; level: "legacy" }
  | { ok: false; check: string; reason: string };

export function isOlderThanConfirmable(version: string | null | undefined): boolean {
  return isOlderVersion(version, CONFIRMABLE_SINCE);
}

export function judgeStack(input: {
  requestType: RequestType;
  view: StackView;
  externalId: string;
  logicalResourceId: string;
  /** The template version this stack is known (or claims) to run. */
  templateVersion: string | null | undefined;
}): Judgement {
  const { view, requestType } = input;
  const refuse = (check: string, reason: string): Judgement => ({ ok: false, check, reason });
  switch (view.kind) {
    case "denied":
      if (isOlderThanConfirmable(input.templateVersion)) return { ok: true, level: "legacy" };
      return refuse(
        "stack_not_readable",
        "rolelink could not read this stack with the role it created. Use the unmodified rolelink template.",
      );
    case "not_found":
      return refuse("stack_not_found", "rolelink could not find this stack in your account.");
    case "unavailable":
      return refuse(
        "confirmation_unavailable",
        "AWS CloudFormation did not answer rolelink's check of this stack; try again in a few minutes.",
      );
    case "found":
      break;
  }
  if (view.parameters.ExternalId !== input.externalId) {
    return refuse(
      "stack_external_id_mismatch",
      "The stack's ExternalId parameter is not the one rolelink issued for this link. Launch the stack again without editing its parameters.",
    );
  }
  if (!EXPECTED_STACK_STATES[requestType].includes(view.status)) {
    return refuse("stack_state_mismatch", `Your stack is ${view.status}, which does not match a ${requestType} request.`);
  }
  if (!view.resource) return refuse("resource_not_found", `The stack has no ${input.logicalResourceId} resource.`);
  if (!view.resource.status.endsWith("_IN_PROGRESS")) {
    return refuse(
      "resource_state_mismatch",
      `The stack's ${input.logicalResourceId} resource is ${view.resource.status}, not waiting for rolelink.`,
    );
  }
  return { ok: true, level: "confirmed" };
}

/** How a link was confirmed, in words, for its timeline and the audit trail. */
export function confirmationDetail(level: "confirmed" | "legacy", templateVersion: string | null, stackId: string) {
  return level === "confirmed"
    ? {
        level,
        templateVersion,
        stackId,
        how: "AssumeRole with the External ID, then DescribeStacks and DescribeStackResource in the customer's account",
      }
    : {
        level,
        templateVersion,
        stackId,
        how: "accepted on the older, weaker check (account, role and External ID): this template version's role cannot show rolelink its stack",
      };
}
