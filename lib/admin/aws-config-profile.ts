/**
 * Operator hand-off: a `~/.aws/config` profile that assumes the customer's role
 * through the same trust (External ID) so an operator can use the AWS CLI.
 * Only non-secret values: the operator's own credentials come from source_profile.
 */
export interface ProfileInput {
  accountId: string;
  region: string;
  roleArn: string;
  externalId: string;
  /** The operator's identity, shown in the customer's CloudTrail as the session name. */
  operator: string;
  sourceProfile?: string;
}

/** RoleSessionName: 2-64 of [\w+=,.@-]. */
export function operatorSessionName(operator: string): string {
  const cleaned = operator.replace(/[^\w+=,.@-]/g, "-").slice(0, 64 - "rolelink-".length);
  return `rolelink-${cleaned || "operator"}`;
}

export function awsConfigProfile(input: ProfileInput): string {
  const lines = [
    `[profile rolelink-${input.accountId}]`,
    `role_arn = ${input.roleArn}`,
    `external_id = ${input.externalId}`,
    `source_profile = ${input.sourceProfile ?? "rolelink-vendor"}`,
    `role_session_name = ${operatorSessionName(input.operator)}`,
    `duration_seconds = 900`,
    `region = ${input.region}`,
  ];
  // Values come from the database: a newline would inject extra config keys.
  return lines.map((line) => line.replace(/[\r\n]/g, "")).join("\n") + "\n";
}
