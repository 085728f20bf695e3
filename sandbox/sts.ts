/**
 * Sandbox STS: AssumeRole and GetCallerIdentity, enforcing each role's trusted
 * account and External ID condition and answering AccessDenied as AWS does.
 */
import { randomBytes } from "node:crypto";
import { QueryError, queryHandler, type QueryRequest } from "./aws-query";

const NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
const NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
const MAX_SESSION_SECONDS = 3600; // the template's MaxSessionDuration

interface SandboxRole {
  roleArn: string;
  /** Stable per role, like IAM's AROA… RoleId; set on putRole. */
  roleId?: string;
  trustedAccountId: string;
  /** The StringEquals sts:ExternalId condition; undefined when the role requires none. */
  externalId?: string;
}

interface Session {
  roleArn: string;
  accountId: string;
  arn: string;
  userId: string;
  expiresAt: number;
}

export interface StsCall {
  action: string;
  roleArn?: string;
  roleSessionName?: string;
  sourceIdentity?: string;
  externalIdGiven: boolean;
  outcome: string;
  at: string;
}

export function createStsState(options: { vendorAccountId: string; baseAccessKeyId: string }) {
  const roles = new Map<string, SandboxRole>();
  const sessions = new Map<string, Session>();
  return {
    vendorAccountId: options.vendorAccountId,
    baseAccessKeyId: options.baseAccessKeyId,
    roles,
    sessions,
    calls: [] as StsCall[],
    /** Tests: every AssumeRole is refused while true. */
    refuseAll: false,
    throttled: 0,
    putRole(role: SandboxRole): void {
      // Recreating a role (stack delete + create) gives it a new RoleId, as IAM does.
      roles.set(role.roleArn, { ...role, roleId: randomKey("AROA", 17) });
    },
    deleteRole(roleArn: string): void {
      roles.delete(roleArn);
      for (const [key, session] of sessions) if (session.roleArn === roleArn) sessions.delete(key);
    },
    /** Tests: the next `n` calls answer Throttling. */
    throttleNext(n: number): void {
      this.throttled = n;
    },
  };
}

export type StsState = ReturnType<typeof createStsState>;

function accessDenied(callerArn: string, roleArn: string): QueryError {
  return new QueryError(403, "AccessDenied", `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
}

/** IAM-style ids: ASIA + 16 (access keys), AROA + 17 (role ids). */
function randomKey(prefix: string, length = 16): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return prefix + Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join("");
}

export function createStsHandler(state: StsState) {
  const vendorArn = `arn:aws:iam::${state.vendorAccountId}:user/rolelink`;

  function caller(request: QueryRequest): { accountId: string; arn: string; userId: string } {
    const key = request.accessKeyId;
    if (key === state.baseAccessKeyId) return { accountId: state.vendorAccountId, arn: vendorArn, userId: "AIDASANDBOXVENDOR" };
    const session = key ? state.sessions.get(key) : undefined;
    if (session && session.expiresAt > Date.now()) return session;
    if (session) throw new QueryError(403, "ExpiredToken", "The security token included in the request is expired");
    throw new QueryError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  }

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
      state.calls.push({ action: "AssumeRole", roleArn, roleSessionName: sessionName, sourceIdentity, externalIdGiven: externalId !== undefined, outcome, at: new Date().toISOString() });
    try {
      throttle();
      const who = caller(request);
      if (roleArn.length < 20 || roleArn.length > 2048) {
        throw new QueryError(400, "ValidationError", "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
      }
      if (!NAME_PATTERN.test(sessionName)) throw new QueryError(400, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint");
      if (sourceIdentity !== undefined && (!NAME_PATTERN.test(sourceIdentity) || /^aws:/i.test(sourceIdentity))) {
        throw new QueryError(400, "ValidationError", "1 validation error detected: Value at 'sourceIdentity' failed to satisfy constraint");
      }
      if (externalId !== undefined && !EXTERNAL_ID_PATTERN.test(externalId)) {
        throw new QueryError(400, "ValidationError", "1 validation error detected: Value at 'externalId' failed to satisfy constraint");
      }
      if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
        throw new QueryError(400, "ValidationError", "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint");
      }
      const role = state.roles.get(roleArn);
      const allowed =
        !state.refuseAll && role !== undefined && role.trustedAccountId === who.accountId && (role.externalId === undefined || role.externalId === externalId);
      if (!allowed) throw accessDenied(who.arn, roleArn);
      if (duration > MAX_SESSION_SECONDS) {
        throw new QueryError(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
      }
      const roleName = roleArn.split("/").pop() ?? "role";
      const accountId = roleArn.split(":")[4] ?? "";
      const roleId = role.roleId ?? "AROASANDBOXROLE";
      const accessKeyId = randomKey("ASIA");
      // STS's timestamps carry whole seconds.
      const expiresAt = Math.floor(Date.now() / 1000 + duration) * 1000;
      const arn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
      state.sessions.set(accessKeyId, { roleArn, accountId, arn, userId: `${roleId}:${sessionName}`, expiresAt });
      record("ok");
      return {
        Credentials: {
          AccessKeyId: accessKeyId,
          SecretAccessKey: randomBytes(30).toString("base64"),
          SessionToken: randomBytes(96).toString("base64"),
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
    const record = (outcome: string) => state.calls.push({ action: "GetCallerIdentity", externalIdGiven: false, outcome, at: new Date().toISOString() });
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

