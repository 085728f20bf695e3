/**
 * Proving access to a customer's role: AssumeRole with the External ID, then
 * GetCallerIdentity with the temporary credentials. The credentials never leave
 * this module: not returned, not logged, not stored.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { stsClient, stsClientWithCredentials } from "./clients";

export type AccessFailureCode = "access_denied" | "throttled" | "network" | "account_mismatch" | "invalid_input" | "unknown";

export type AccessProof =
  | { ok: true; assumedRoleArn: string; accountId: string; expiresAt: Date }
  | { ok: false; code: AccessFailureCode; message: string };

export interface ProveAccessInput {
  roleArn: string;
  externalId: string;
  expectedAccountId: string;
  sessionName: string;
  sourceIdentity?: string;
  durationSeconds?: number;
  region?: string;
}

const MESSAGES: Record<AccessFailureCode, string> = {
  access_denied:
    "AWS refused to let rolelink assume this role: the role may have been deleted, its trust policy changed, or the External ID does not match.",
  throttled: "AWS is throttling requests right now; try again in a minute.",
  network: "rolelink could not reach AWS STS (network error or timeout); try again shortly.",
  account_mismatch: "The role answered from a different AWS account than the one connected.",
  invalid_input: "AWS rejected the request as invalid (role ARN, External ID or session name).",
  unknown: "AWS returned an unexpected error.",
};

export function classifyStsError(error: unknown): AccessFailureCode {
  const e = error as { name?: string; Code?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? e?.Code ?? "";
  if (["AccessDenied", "AccessDeniedException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException"].includes(name)) return "access_denied";
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(name)) return "throttled";
  if (["ValidationError", "MalformedPolicyDocument", "PackedPolicyTooLarge", "RegionDisabledException"].includes(name)) return "invalid_input";
  if (/TimeoutError|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up|NetworkingError|RequestTimeout/i.test(`${name} ${e?.code ?? ""} ${(error as Error)?.message ?? ""}`)) return "network";
  return "unknown";
}

function failure(code: AccessFailureCode): AccessProof {
  return { ok: false, code, message: MESSAGES[code] };
}

export async function proveAccess(input: ProveAccessInput): Promise<AccessProof> {
  let credentials;
  try {
    const assumed = await stsClient(input.region).send(
      new AssumeRoleCommand({
        RoleArn: input.roleArn,
        ExternalId: input.externalId,
        RoleSessionName: input.sessionName,
        SourceIdentity: input.sourceIdentity,
        DurationSeconds: input.durationSeconds ?? 900,
      }),
    );
    credentials = assumed.Credentials;
  } catch (error) {
    return failure(classifyStsError(error));
  }
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken || !credentials.Expiration) {
    return failure("unknown");
  }
  const expiresAt = new Date(credentials.Expiration);
  try {
    const identity = await stsClientWithCredentials(
      { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken },
      input.region,
    ).send(new GetCallerIdentityCommand({}));
    if (identity.Account !== input.expectedAccountId || !identity.Arn) return failure("account_mismatch");
    return { ok: true, assumedRoleArn: identity.Arn, accountId: identity.Account, expiresAt };
  } catch (error) {
    return failure(classifyStsError(error));
  }
}

/** AssumeRole WITHOUT an External ID: true means the role would let any deputy in. */
export async function acceptsWithoutExternalId(roleArn: string, region?: string): Promise<boolean> {
  try {
    await stsClient(region).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "rolelink-externalid-check", DurationSeconds: 900 }));
    return true;
  } catch {
    return false;
  }
}

export interface RetryOptions {
  deadlineMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const RETRYABLE = new Set<AccessFailureCode>(["access_denied", "throttled", "network"]);

/**
 * Retries what time can fix — a new role's trust policy propagating through IAM
 * (AccessDenied for up to ~60 s), throttling, network errors — with
 * exponential backoff and jitter until the deadline. Returns the last proof.
 */
export async function proveAccessWithRetry(input: ProveAccessInput, options: RetryOptions = {}): Promise<AccessProof> {
  const { deadlineMs = 90_000, baseDelayMs = 2_000, maxDelayMs = 15_000 } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + deadlineMs;
  for (let attempt = 0; ; attempt++) {
    const proof = await proveAccess(input);
    if (proof.ok || !RETRYABLE.has(proof.code)) return proof;
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt) * (0.5 + Math.random() / 2);
    if (now() + delay > deadline) return proof;
    await sleep(delay);
  }
}
