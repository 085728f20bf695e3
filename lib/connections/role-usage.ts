/**
 * When and how rolelink assumes a customer's role, as the customer's CloudTrail
 * will show it: the SourceIdentity and session-name values come from the same
 * functions the calls use, so the review cannot drift from what happens.
 */
import { parseRoleArn } from "@/lib/aws/identifiers";
import { sourceIdentityFor, SOURCE_IDENTITY_PREFIX } from "@/lib/aws/source-identity";

export interface RoleUse {
  when: string;
  howOften: string;
  calls: string;
  sourceIdentity: string;
  sessionName: string;
}

export function roleUses(settings: { verifyIntervalHours: number; assumeRoleRetrySeconds: number }): RoleUse[] {
  return [
    {
      when: "Your stack is created, updated or deleted",
      howOften: `Once per stack operation; while a new role propagates through IAM, retried for up to ${settings.assumeRoleRetrySeconds} s.`,
      calls: "sts:AssumeRole, sts:GetCallerIdentity, then cloudformation:DescribeStacks and DescribeStackResource on this stack",
      sourceIdentity: sourceIdentityFor({ kind: "onboarding" }),
      sessionName: "rolelink-verify-<link id>, rolelink-update-<link id>, rolelink-delete-<link id>",
    },
    {
      when: "Your stack is created or updated (the External ID check)",
      howOften:
        "Once per Create and per Update, once with each SourceIdentity. These calls are meant to fail: AccessDenied here is rolelink proving your role refuses anyone without the External ID.",
      calls: "sts:AssumeRole without an External ID (expected: AccessDenied)",
      sourceIdentity: `${sourceIdentityFor({ kind: "onboarding" })}, ${sourceIdentityFor({ kind: "system" })}`,
      sessionName: "rolelink-externalid-check",
    },
    {
      when: "Scheduled re-verification",
      howOften: `Every ${settings.verifyIntervalHours} h.`,
      calls: "sts:AssumeRole only (the session's ARN names your account; the credentials are not used)",
      sourceIdentity: sourceIdentityFor({ kind: "system" }),
      sessionName: "rolelink-system-<unix time>",
    },
    {
      when: "A rolelink admin checks access on demand (Verify access, Verify all)",
      howOften: "Only when an admin asks; each is in rolelink's audit log.",
      calls: "Verify access: sts:AssumeRole, sts:GetCallerIdentity. Verify all: sts:AssumeRole only, like the scheduled check",
      // sourceIdentityFor({ kind: "admin" }): the admin's email after the prefix, cut to STS's 64 characters.
      sourceIdentity: `${SOURCE_IDENTITY_PREFIX}-<admin email>`,
      sessionName: "rolelink-<admin id>-<unix time>",
    },
    {
      when: "The vendor's product asks rolelink for credentials or a check through its API",
      howOften: "Only when the vendor's product asks; each issue is in rolelink's audit log.",
      calls: "sts:AssumeRole (then whatever the vendor's product does within the role's permissions)",
      sourceIdentity: `${SOURCE_IDENTITY_PREFIX}-key-<API key prefix>`,
      sessionName: "rolelink-api-<key prefix>-<unix time>",
    },
  ];
}

/**
 * A CloudTrail Lake query for everything rolelink did in the account (paste
 * your event data store ID). A SourceIdentity alone can be forged by anyone in
 * the account on their own roles, so each half also pins who acted: the
 * AssumeRole calls made by rolelink's role in the vendor account, and the calls
 * made with sessions of this stack's role.
 */
export function cloudTrailLakeQuery(input: { vendorPrincipalArn: string; roleArnPattern: string; days?: number }): string {
  const vendor = parseRoleArn(input.vendorPrincipalArn);
  const vendorSessions = vendor ? `arn:${vendor.partition}:sts::${vendor.accountId}:assumed-role/${vendor.roleName}/%` : "%";
  return [
    "SELECT eventTime, eventSource, eventName, errorCode, awsRegion,",
    "       userIdentity.arn, userIdentity.sessionContext.sourceIdentity",
    "FROM <event-data-store-id>",
    `WHERE eventTime > date_add('day', -${input.days ?? 30}, now())`,
    `  AND ((eventName = 'AssumeRole' AND userIdentity.arn LIKE '${vendorSessions}'`,
    `        AND element_at(requestParameters, 'sourceIdentity') LIKE '${SOURCE_IDENTITY_PREFIX}%')`,
    `    OR (userIdentity.sessionContext.sessionIssuer.arn LIKE '${input.roleArnPattern}'`,
    `        AND userIdentity.sessionContext.sourceIdentity LIKE '${SOURCE_IDENTITY_PREFIX}%'))`,
    "ORDER BY eventTime DESC",
  ].join("\n");
}
