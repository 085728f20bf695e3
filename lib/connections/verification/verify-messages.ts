/**
 * Verification outcomes in words an admin can act on. The codes are the STS
 * failure codes (lib/aws/sts-errors.ts); the words differ from the customer's
 * on purpose: they name the AWS error and what an operator can check.
 */
import type { AccessFailureCode } from "@/lib/aws/sts-errors";

export const VERIFY_FAILURE_MESSAGES: Record<AccessFailureCode, string> = {
  access_denied:
    "AWS refused to let rolelink assume the role (AccessDenied). The role may have been deleted, its trust policy changed, or the External ID no longer matches.",
  throttled: "AWS throttled the request (too many STS calls right now). Try again in a minute.",
  network: "rolelink could not reach AWS STS (network error or timeout). Try again shortly.",
  account_mismatch: "The role answered from a different AWS account than the one connected.",
  invalid_input: "The stored role ARN or External ID is not valid for AssumeRole.",
  unknown: "AWS STS returned an unexpected error.",
};

export function describeFailure(code: string): string {
  return code in VERIFY_FAILURE_MESSAGES ? VERIFY_FAILURE_MESSAGES[code as AccessFailureCode] : VERIFY_FAILURE_MESSAGES.unknown;
}
