/**
 * STS failures in plain words. The codes are what callers branch on; the
 * messages are written for the person who owns the role, never AWS's raw text.
 */
export type AccessFailureCode = "access_denied" | "throttled" | "network" | "account_mismatch" | "invalid_input" | "unknown";

export const ACCESS_FAILURE_MESSAGES: Record<AccessFailureCode, string> = {
  access_denied:
    "AWS refused to let rolelink assume this role: the role may have been deleted, its trust policy changed, or the External ID does not match.",
  throttled: "AWS is throttling requests right now; try again in a minute.",
  network: "rolelink could not reach AWS STS (network error, timeout or an AWS-side error); try again shortly.",
  account_mismatch: "The role belongs to, or answered from, a different AWS account than the one being connected.",
  invalid_input: "The role ARN, External ID or session details are not valid for AWS STS.",
  unknown: "AWS returned an unexpected error while rolelink tried to assume the role.",
};

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException"]);
const INVALID = new Set([
  "ValidationError",
  "MalformedPolicyDocument",
  "PackedPolicyTooLarge",
  "RegionDisabledException",
  "InvalidParameterValue",
]);
const NETWORK = /TimeoutError|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|socket hang up|NetworkingError|RequestTimeout/i;

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Maps an error thrown by the STS client (service error or transport failure) to a code. */
export function classifyStsError(error: unknown): AccessFailureCode {
  const e: SdkErrorShape = typeof error === "object" && error !== null ? error : {};
  const name = typeof e.name === "string" ? e.name : "";
  if (DENIED.has(name)) return "access_denied";
  if (/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/.test(name)) return "throttled";
  if (INVALID.has(name)) return "invalid_input";
  const status = e.$metadata?.httpStatusCode;
  // 5xx: AWS's side failed; like a network error, time can fix it.
  if (typeof status === "number" && status >= 500) return "network";
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  if (NETWORK.test(`${name} ${text(e.code)} ${text(e.message)}`)) return "network";
  return "unknown";
}
