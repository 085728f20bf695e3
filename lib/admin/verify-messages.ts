/** Verification outcomes in words an admin can act on. */
export type ProofFailureCode = "access_denied" | "throttled" | "network" | "account_mismatch" | "invalid_input" | "unknown";

export const VERIFY_FAILURE_MESSAGES: Record<ProofFailureCode, string> = {
  access_denied:
    "AWS refused to let rolelink assume the role (AccessDenied). The role may have been deleted, its trust policy changed, or the External ID no longer matches.",
  throttled: "AWS throttled the request (too many STS calls right now). Try again in a minute.",
  network: "rolelink could not reach AWS STS (network error or timeout). Try again shortly.",
  account_mismatch: "The role answered from a different AWS account than the one connected.",
  invalid_input: "The stored role ARN or External ID is not valid for AssumeRole.",
  unknown: "AWS STS returned an unexpected error.",
};

export function describeFailure(code: string): string {
  return code in VERIFY_FAILURE_MESSAGES ? VERIFY_FAILURE_MESSAGES[code as ProofFailureCode] : VERIFY_FAILURE_MESSAGES.unknown;
}
