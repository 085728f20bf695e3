/**
 * Proving access to a customer's role: AssumeRole with the External ID, then
 * (for a person's proof) GetCallerIdentity with the temporary credentials. Those credentials never
 * leave this module: not returned, not logged, not stored. The one exception is
 * issueSessionCredentials(), the credential broker's call, whose credentials go
 * straight into the API response that asked for them (and nowhere else).
 */
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { z } from "zod";
import { stsClient, stsClientWithCredentials, type TemporaryCredentials } from "./clients";
import { ACCOUNT_ID_PATTERN, parseAssumedRoleArn, parseRoleArn, REGION_PATTERN } from "./identifiers";
import { SOURCE_IDENTITY_PREFIX, sourceIdentityFor } from "./source-identity";
import { ACCESS_FAILURE_MESSAGES, classifyStsError, type AccessFailureCode } from "./sts-errors";

export { classifyStsError, type AccessFailureCode } from "./sts-errors";

export type AccessProof =
  { ok: true; assumedRoleArn: string; accountId: string; expiresAt: Date } | { ok: false; code: AccessFailureCode; message: string };

export interface ProveAccessInput {
  roleArn: string;
  externalId: string;
  expectedAccountId: string;
  sessionName: string;
  /** Required, and starts with "rolelink": customer roles refuse AssumeRole without it (see source-identity.ts). */
  sourceIdentity: string;
  durationSeconds?: number;
  region?: string;
}

const NAME = /^[\w+=,.@-]{2,64}$/;
const DURATION = "The session duration must be a whole number of seconds from 900 to 43200.";

// STS's own constraints, checked before any call so a bad value never reaches AWS.
const proveAccessInputSchema = z.object({
  roleArn: z.string().refine((value) => parseRoleArn(value) !== null, "The role ARN is not an IAM role ARN."),
  externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, "The External ID must be 2-1224 characters of letters, digits and +=,.@:/-_."),
  expectedAccountId: z.string().regex(ACCOUNT_ID_PATTERN, "The AWS account ID must be 12 digits."),
  sessionName: z.string().regex(NAME, "The session name must be 2-64 characters of letters, digits and +=,.@-_."),
  sourceIdentity: z
    .string()
    .regex(NAME, "The source identity must be 2-64 characters of letters, digits and +=,.@-_.")
    .refine((value) => value.startsWith(SOURCE_IDENTITY_PREFIX), `The source identity must start with ${SOURCE_IDENTITY_PREFIX}.`),
  durationSeconds: z
    .number({ error: DURATION })
    .int({ error: DURATION })
    .min(900, { error: DURATION })
    .max(43_200, { error: DURATION })
    .default(900),
  region: z.string().regex(REGION_PATTERN, "Not an AWS region name.").optional(),
});

type Refusal = Extract<AccessProof, { ok: false }>;

function failure(code: AccessFailureCode, message = ACCESS_FAILURE_MESSAGES[code]): Refusal {
  return { ok: false, code, message };
}

/**
 * Reads made with the role session's credentials, inside lib/aws only (see
 * stack-reader.ts): the credentials are handed to it and never returned.
 */
export type SessionUse = (credentials: TemporaryCredentials, region: string | undefined) => Promise<void>;

type Assumed = { ok: true; credentials: TemporaryCredentials; expiresAt: Date; assumedRoleArn: string } | Refusal;

export interface IssueCredentialsInput extends ProveAccessInput {
  /** An inline session policy (JSON text) that narrows the role's permissions further. */
  policy?: string;
}

// sourceIdentity is required (and must name rolelink) in proveAccessInputSchema already.
const issueInputSchema = proveAccessInputSchema.extend({
  policy: z.string().min(2).max(2048, "The session policy must be at most 2048 characters.").optional(),
});

/**
 * Validates the input and makes the AssumeRole call every use starts with: both
 * proofs (no session policy) and the credential broker (optionally one).
 */
async function assumeRole(raw: IssueCredentialsInput): Promise<Assumed> {
  const parsed = issueInputSchema.safeParse(raw);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]?.message ?? ACCESS_FAILURE_MESSAGES.invalid_input);
  const input = parsed.data;
  // A role in another account is never assumed on this connection's behalf.
  if (parseRoleArn(input.roleArn)?.accountId !== input.expectedAccountId) return failure("account_mismatch");
  let assumed;
  try {
    assumed = await stsClient(input.region).send(
      new AssumeRoleCommand({
        RoleArn: input.roleArn,
        ExternalId: input.externalId,
        RoleSessionName: input.sessionName,
        SourceIdentity: input.sourceIdentity,
        DurationSeconds: input.durationSeconds,
        Policy: input.policy,
      }),
    );
  } catch (error) {
    return failure(classifyStsError(error));
  }
  const issued = assumed.Credentials;
  if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken || !issued.Expiration) return failure("unknown");
  return {
    ok: true,
    credentials: { accessKeyId: issued.AccessKeyId, secretAccessKey: issued.SecretAccessKey, sessionToken: issued.SessionToken },
    expiresAt: new Date(issued.Expiration),
    assumedRoleArn: assumed.AssumedRoleUser?.Arn ?? "",
  };
}

/**
 * The full proof, for a person asking (an admin's "Verify now", the API) and
 * for onboarding: AssumeRole, then GetCallerIdentity with the session, so the
 * answer names the account the credentials work in.
 */
export async function proveAccess(raw: ProveAccessInput, readWith?: SessionUse): Promise<AccessProof> {
  const assumed = await assumeRole(raw);
  if (!assumed.ok) return assumed;
  let identity;
  try {
    // Proof that the credentials work, and from which account they answer.
    identity = await stsClientWithCredentials(assumed.credentials, raw.region).send(new GetCallerIdentityCommand({}));
  } catch (error) {
    return failure(classifyStsError(error));
  }
  if (identity.Account !== raw.expectedAccountId || !identity.Arn) return failure("account_mismatch");
  // Outside the STS error mapping: a reader reports its own outcome and must not throw.
  await readWith?.(assumed.credentials, raw.region);
  return { ok: true, assumedRoleArn: identity.Arn, accountId: identity.Account, expiresAt: assumed.expiresAt };
}

/**
 * The fleet's periodic check: AssumeRole alone, the account read from the
 * session ARN STS answers with (arn:aws:sts::<account>:assumed-role/...).
 * What the check asks is whether the role still trusts us with this External
 * ID, and AssumeRole answers exactly that. GetCallerIdentity would add a
 * second round trip and SDK client per account and nothing to the answer: no
 * policy can deny it, and it reads the same session STS has just described.
 * With it, 10,000 accounts at concurrency 64 and 100 ms per STS call could not
 * take less than 31 s; without it the floor is half that.
 */
export async function proveAssumable(raw: ProveAccessInput): Promise<AccessProof> {
  const assumed = await assumeRole(raw);
  if (!assumed.ok) return assumed;
  const session = parseAssumedRoleArn(assumed.assumedRoleArn);
  if (!session) return failure("unknown");
  // The session must be of this role (its name; STS leaves the path out) in this connection's account.
  if (session.accountId !== raw.expectedAccountId || session.roleName !== parseRoleArn(raw.roleArn)?.roleName)
    return failure("account_mismatch");
  return { ok: true, assumedRoleArn: assumed.assumedRoleArn, accountId: session.accountId, expiresAt: assumed.expiresAt };
}

export interface RetryOptions {
  deadlineMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with jitter (50-100% of the step), capped. */
function backoff(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** attempt) * (0.5 + Math.random() / 2);
}

/**
 * The SourceIdentity values rolelink's automated calls present. The probe
 * tries each: a trust policy could accept one of them without an External ID
 * while refusing another, and the probe must find such a way in.
 */
const PROBE_IDENTITIES = [sourceIdentityFor({ kind: "onboarding" }), sourceIdentityFor({ kind: "system" })];

/**
 * AssumeRole WITHOUT an External ID: true means the role would let any deputy
 * in, and the link must be refused. AccessDenied is the only answer that
 * means "safe"; throttling and network errors are retried a few times, and if
 * STS still cannot tell us, this throws rather than wave an unchecked role through.
 */
export async function acceptsWithoutExternalId(roleArn: string, region?: string, options: RetryOptions = {}): Promise<boolean> {
  for (const sourceIdentity of PROBE_IDENTITIES) {
    if (await probeWithout(roleArn, sourceIdentity, region, options)) return true;
  }
  return false;
}

async function probeWithout(roleArn: string, sourceIdentity: string, region: string | undefined, options: RetryOptions): Promise<boolean> {
  const sleep = options.sleep ?? realSleep;
  let lastCode: AccessFailureCode = "unknown";
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const probe = {
        RoleArn: roleArn,
        RoleSessionName: "rolelink-externalid-check",
        SourceIdentity: sourceIdentity,
        DurationSeconds: 900,
      };
      await stsClient(region).send(new AssumeRoleCommand(probe));
      return true;
    } catch (error) {
      lastCode = classifyStsError(error);
      if (lastCode === "access_denied") return false;
      if (lastCode !== "throttled" && lastCode !== "network") break;
      if (attempt < 3) await sleep(backoff(attempt, options.baseDelayMs ?? 1_000, options.maxDelayMs ?? 8_000));
    }
  }
  throw new Error(`could not check whether the role requires its External ID (${lastCode})`);
}

const RETRYABLE = new Set<AccessFailureCode>(["access_denied", "throttled", "network"]);

/**
 * Retries what time can fix — a new role's trust policy propagating through IAM
 * (AccessDenied for up to ~60 s), throttling, network errors — with
 * exponential backoff and jitter until the deadline. Returns the last proof.
 */
export async function proveAccessWithRetry(
  input: ProveAccessInput,
  options: RetryOptions = {},
  readWith?: SessionUse,
): Promise<AccessProof> {
  const { deadlineMs = 90_000, baseDelayMs = 2_000, maxDelayMs = 15_000 } = options;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + deadlineMs;
  for (let attempt = 0; ; attempt++) {
    const proof = await proveAccess(input, readWith);
    if (proof.ok || !RETRYABLE.has(proof.code)) return proof;
    const delay = backoff(attempt, baseDelayMs, maxDelayMs);
    if (now() + delay > deadline) return proof;
    await sleep(delay);
  }
}

export type IssuedCredentials =
  | { ok: true; credentials: TemporaryCredentials & { expiration: Date }; assumedRoleArn: string }
  | { ok: false; code: AccessFailureCode; message: string };

/**
 * AssumeRole for the credential broker: the caller receives the session's
 * credentials. A SourceIdentity is required, so the customer's CloudTrail names
 * who asked; the role's account must be the connection's.
 */
export async function issueSessionCredentials(raw: IssueCredentialsInput): Promise<IssuedCredentials> {
  const assumed = await assumeRole(raw);
  if (!assumed.ok) return assumed;
  return { ok: true, credentials: { ...assumed.credentials, expiration: assumed.expiresAt }, assumedRoleArn: assumed.assumedRoleArn };
}
