/**
 * Who is calling a sandbox API, from the request's access key id: the
 * vendor's base key (a session of the role rolelink runs as), another
 * identity in the vendor account (OTHER_VENDOR_ACCESS_KEY_ID, for tests of the
 * pinned principal), or a session that AssumeRole issued. Refusals use the codes AWS answers unsigned, unknown and
 * expired credentials with.
 */
import { QueryError, type SignedCaller } from "./aws-query";
import { evaluate, type PolicyStatement } from "./iam-policy";
import type { StsState } from "./sts-state";

/** An IAM user in the vendor account that is not rolelink's role: customer roles must refuse it. */
export const OTHER_VENDOR_ACCESS_KEY_ID = "AKIASANDBOXOTHER0001";

export interface CallerIdentity {
  accountId: string;
  arn: string;
  userId: string;
  /** What a trust policy's Principal matches: the role behind a role session, else the user. */
  principalArn: string;
  /** Set for assumed-role sessions. */
  roleArn?: string;
  /** The identity-based statements that apply to the caller (the vendor user has none in the sandbox). */
  statements: PolicyStatement[];
}

export function identifyCaller(state: StsState, request: SignedCaller): CallerIdentity {
  if (!request.signed) throw new QueryError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  const key = request.accessKeyId;
  if (key !== undefined && key === state.baseAccessKeyId) {
    const roleName = state.vendorRoleArn.split("/").pop() ?? "rolelink-app";
    return {
      accountId: state.vendorAccountId,
      arn: `arn:aws:sts::${state.vendorAccountId}:assumed-role/${roleName}/rolelink`,
      userId: "AROASANDBOXVENDOR:rolelink",
      principalArn: state.vendorRoleArn,
      statements: [],
    };
  }
  if (key === OTHER_VENDOR_ACCESS_KEY_ID) {
    const arn = `arn:aws:iam::${state.vendorAccountId}:user/someone-else`;
    return { accountId: state.vendorAccountId, arn, userId: "AIDASANDBOXOTHER", principalArn: arn, statements: [] };
  }
  const session = state.findSession(key);
  // Temporary credentials are only valid together with their session token.
  if (!session || session.sessionToken !== request.sessionToken) {
    throw new QueryError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  }
  if (session.expiresAt <= Date.now()) throw new QueryError(403, "ExpiredToken", "The security token included in the request is expired");
  const role = state.roles.get(session.roleArn);
  return {
    accountId: session.accountId,
    arn: session.arn,
    userId: session.userId,
    principalArn: session.roleArn,
    roleArn: session.roleArn,
    statements: role?.policies ?? [],
  };
}

/**
 * IAM's decision for an identity-based request: the resource must be in the
 * caller's account (the sandbox has no resource-based policies that could let
 * another account in) and the caller's statements must allow the action on it.
 */
export function authorizeCaller(caller: CallerIdentity, action: string, resourceArn: string): void {
  const sameAccount = resourceArn.split(":")[4] === caller.accountId;
  const decision = sameAccount ? evaluate(caller.statements, action, resourceArn) : "implicit-deny";
  if (decision === "allowed") return;
  const why =
    decision === "explicit-deny"
      ? "with an explicit deny in an identity-based policy"
      : `because no identity-based policy allows the ${action} action`;
  throw new QueryError(
    403,
    "AccessDenied",
    `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resourceArn} ${why}`,
  );
}
