/**
 * What the sandbox IAM/STS knows: roles (trust, permission statements, IAM
 * propagation) and the sessions AssumeRole issued, looked up by access key id
 * by every sandbox API that authorizes a caller.
 */
import { randomBytes } from "node:crypto";
import type { PolicyStatement } from "./iam-policy";

export interface RoleTrust {
  trustedAccountId: string;
  /** A role ARN principal (template 2.0.0): only that role may assume; undefined: the account root, so anyone in it. */
  trustedRoleArn?: string;
  /** The StringEquals sts:ExternalId condition; undefined when the role requires none. */
  externalId?: string;
  /** The StringLike sts:SourceIdentity pattern; undefined when the role requires none. */
  sourceIdentityLike?: string;
  /** false: the trust lacks sts:SetSourceIdentity, so a call setting one is refused (undefined: allowed, for roles tests put). */
  allowsSourceIdentity?: boolean;
  /** The trust has something the sandbox cannot evaluate: every AssumeRole is refused. */
  unevaluable?: boolean;
}

/** What CloudFormation (or a test) puts in IAM. */
export interface RoleDefinition extends RoleTrust {
  roleArn: string;
  /** The role's identity-based permission statements, resolved; none when omitted. */
  policies?: PolicyStatement[];
}

export interface SandboxRole extends RoleDefinition {
  /** Stable per role, like IAM's AROA… RoleId; new when a role is (re)created. */
  roleId: string;
  policies: PolicyStatement[];
  /** IAM propagation: a new role refuses AssumeRole until then (ms since epoch). */
  assumableAt: number;
  /** A changed trust policy propagates too: the old one applies until `until`. */
  previousTrust?: RoleTrust & { until: number };
}

export interface Session {
  roleArn: string;
  accountId: string;
  arn: string;
  userId: string;
  expiresAt: number;
  sessionToken: string;
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

export interface StsStateOptions {
  vendorAccountId: string;
  /** The access key of the role rolelink runs as (VENDOR_PRINCIPAL_ARN). */
  baseAccessKeyId: string;
  /** The role the base key's sessions belong to; default role/rolelink-app in the vendor account. */
  vendorRoleName?: string;
  /** How long a new role (or a changed trust policy) takes to reach STS. AWS: up to ~60 s. */
  iamPropagationMs?: number;
}

/** IAM-style ids: ASIA + 16 (access keys), AROA + 17 (role ids). */
export function randomKey(prefix: string, length = 16): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return prefix + Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join("");
}

const trustOnly = ({
  trustedAccountId,
  trustedRoleArn,
  externalId,
  sourceIdentityLike,
  allowsSourceIdentity,
  unevaluable,
}: RoleTrust): RoleTrust => ({
  trustedAccountId,
  trustedRoleArn,
  externalId,
  sourceIdentityLike,
  allowsSourceIdentity,
  unevaluable,
});
const sameTrust = (a: RoleTrust, b: RoleTrust) => JSON.stringify(trustOnly(a)) === JSON.stringify(trustOnly(b));

export function createStsState(options: StsStateOptions) {
  const roles = new Map<string, SandboxRole>();
  const sessions = new Map<string, Session>();
  const state = {
    vendorAccountId: options.vendorAccountId,
    baseAccessKeyId: options.baseAccessKeyId,
    vendorRoleArn: `arn:aws:iam::${options.vendorAccountId}:role/${options.vendorRoleName ?? "rolelink-app"}`,
    /** Tests may change it at any time; it applies to roles put or updated afterwards. */
    iamPropagationMs: options.iamPropagationMs ?? 0,
    roles,
    sessions,
    calls: [] as StsCall[],
    /** Tests: every AssumeRole is refused while true. */
    refuseAll: false,
    throttled: 0,
    /** Creates (or re-creates) a role: a new RoleId, assumable only once IAM has propagated it. */
    putRole(role: RoleDefinition): void {
      roles.set(role.roleArn, {
        ...role,
        policies: role.policies ?? [],
        roleId: randomKey("AROA", 17),
        assumableAt: Date.now() + state.iamPropagationMs,
      });
    },
    /** An in-place update (same ARN and RoleId); a changed trust reaches STS after the propagation delay. */
    updateRole(role: RoleDefinition): void {
      const existing = roles.get(role.roleArn);
      if (!existing) return state.putRole(role);
      const now = Date.now();
      const trustNow = state.trustOf(existing, now);
      const previousTrust =
        state.iamPropagationMs > 0 && !sameTrust(trustNow, role)
          ? { ...trustOnly(trustNow), until: now + state.iamPropagationMs }
          : undefined;
      roles.set(role.roleArn, {
        ...role,
        policies: role.policies ?? [],
        roleId: existing.roleId,
        assumableAt: existing.assumableAt,
        ...(previousTrust ? { previousTrust } : {}),
      });
    },
    deleteRole(roleArn: string): void {
      roles.delete(roleArn);
      for (const [key, session] of sessions) if (session.roleArn === roleArn) sessions.delete(key);
    },
    /** The trust STS applies at `now` (the previous one while a change propagates). */
    trustOf(role: SandboxRole, now = Date.now()): RoleTrust {
      return role.previousTrust && now < role.previousTrust.until ? role.previousTrust : role;
    },
    /** The session behind a temporary access key id, expired or not (callers tell the two apart). */
    findSession(accessKeyId: string | undefined): Session | undefined {
      return accessKeyId === undefined ? undefined : sessions.get(accessKeyId);
    },
    /** Tests: the next `n` calls answer Throttling. */
    throttleNext(n: number): void {
      state.throttled = n;
    },
  };
  return state;
}

export type StsState = ReturnType<typeof createStsState>;
