/**
 * Sandbox STS: AssumeRole and GetCallerIdentity, enforcing each role's trusted
 * principal (account root or one role), External ID and SourceIdentity
 * conditions (and IAM propagation) and answering
 * AccessDenied as AWS does. The roles and sessions live in sts-state.ts.
 */
import { randomBytes } from "node:crypto";
import { QueryError, queryHandler, type QueryRequest } from "./aws-query";
import { randomKey, type RoleTrust, type StsState } from "./sts-state";
import { identifyCaller, type CallerIdentity } from "./sts-callers";

export { createStsState, type RoleDefinition, type Session, type StsCall, type StsState } from "./sts-state";

const NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
const NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
const MAX_SESSION_SECONDS = 3600; // the template's MaxSessionDuration

function accessDenied(callerArn: string, roleArn: string): QueryError {
  return new QueryError(403, "AccessDenied", `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
}

/** The trust policy's Principal: the account root lets in anyone in that account; a role ARN only that role. */
function trusts(trust: RoleTrust, who: CallerIdentity): boolean {
  if (trust.trustedAccountId !== who.accountId) return false;
  return trust.trustedRoleArn === undefined || trust.trustedRoleArn === who.principalArn;
}

/** IAM's StringLike: case-sensitive, `*` any run of characters, `?` one character. */
function stringLike(pattern: string, value: string): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`).test(value);
}

export function createStsHandler(state: StsState) {
  const caller = (request: QueryRequest) => identifyCaller(state, request);

  function throttle(): void {
    if (state.throttled > 0) {
      state.throttled--;
      throw new QueryError(400, "Throttling", "Rate exceeded");
    }
  }

  function assumeRole(request: QueryRequest) {
    const p = request.params;
    const roleArn = p.get("RoleArn") ?? "";
    const externalId = p.get("ExternalId") ?? undefined;
    const sessionName = p.get("RoleSessionName") ?? "";
    const sourceIdentity = p.get("SourceIdentity") ?? undefined;
    const duration = Number(p.get("DurationSeconds") ?? "3600");
    const record = (outcome: string) =>
      state.calls.push({
        action: "AssumeRole",
        roleArn,
        roleSessionName: sessionName,
        sourceIdentity,
        externalIdGiven: externalId !== undefined,
        outcome,
        at: new Date().toISOString(),
      });
    try {
      throttle();
      const who = caller(request);
      if (roleArn.length < 20 || roleArn.length > 2048) {
        throw new QueryError(
          400,
          "ValidationError",
          "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
        );
      }
      if (!NAME_PATTERN.test(sessionName))
        throw new QueryError(
          400,
          "ValidationError",
          "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint",
        );
      if (sourceIdentity !== undefined && (!NAME_PATTERN.test(sourceIdentity) || /^aws:/i.test(sourceIdentity))) {
        throw new QueryError(400, "ValidationError", "1 validation error detected: Value at 'sourceIdentity' failed to satisfy constraint");
      }
      if (externalId !== undefined && !EXTERNAL_ID_PATTERN.test(externalId)) {
        throw new QueryError(400, "ValidationError", "1 validation error detected: Value at 'externalId' failed to satisfy constraint");
      }
      if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
        throw new QueryError(
          400,
          "ValidationError",
          "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint",
        );
      }
      const role = state.roles.get(roleArn);
      const now = Date.now();
      const trust = role && state.trustOf(role, now);
      // A role IAM has not propagated yet is refused like one that does not exist.
      const allowed =
        !state.refuseAll &&
        role !== undefined &&
        trust !== undefined &&
        role.assumableAt <= now &&
        trust.unevaluable !== true &&
        trusts(trust, who) &&
        (sourceIdentity === undefined || trust.allowsSourceIdentity !== false) &&
        (trust.externalId === undefined || trust.externalId === externalId) &&
        (trust.sourceIdentityLike === undefined || (sourceIdentity !== undefined && stringLike(trust.sourceIdentityLike, sourceIdentity)));
      if (!allowed) throw accessDenied(who.arn, roleArn);
      if (duration > MAX_SESSION_SECONDS) {
        throw new QueryError(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
      }
      const roleName = roleArn.split("/").pop() ?? "role";
      const accountId = roleArn.split(":")[4] ?? "";
      const roleId = role.roleId;
      const accessKeyId = randomKey("ASIA");
      // STS's timestamps carry whole seconds.
      const expiresAt = Math.floor(Date.now() / 1000 + duration) * 1000;
      const arn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
      const sessionToken = randomBytes(96).toString("base64");
      state.sessions.set(accessKeyId, { roleArn, accountId, arn, userId: `${roleId}:${sessionName}`, expiresAt, sessionToken });
      record("ok");
      return {
        Credentials: {
          AccessKeyId: accessKeyId,
          SecretAccessKey: randomBytes(30).toString("base64"),
          SessionToken: sessionToken,
          Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
        },
        AssumedRoleUser: { AssumedRoleId: `${roleId}:${sessionName}`, Arn: arn },
        SourceIdentity: sourceIdentity,
      };
    } catch (error) {
      record(error instanceof QueryError ? error.code : "error");
      throw error;
    }
  }

  function getCallerIdentity(request: QueryRequest) {
    const record = (outcome: string) =>
      state.calls.push({ action: "GetCallerIdentity", externalIdGiven: false, outcome, at: new Date().toISOString() });
    try {
      throttle();
      const who = caller(request);
      record("ok");
      return { UserId: who.userId, Account: who.accountId, Arn: who.arn };
    } catch (error) {
      record(error instanceof QueryError ? error.code : "error");
      throw error;
    }
  }

  return queryHandler(NAMESPACE, { AssumeRole: assumeRole, GetCallerIdentity: getCallerIdentity });
}
