/**
 * The template review as pages show it. Public by design (no session check):
 * it describes the template anyone can download, and the External ID is
 * added only by callers that already own the connection.
 */
import "server-only";
import { getEnv } from "@/lib/env";
import { reviewCurrentTemplate } from "@/lib/cfn/review";
import { cloudTrailLakeQuery, roleUses } from "@/lib/connections/role-usage";

/** `stack`: the connect page's link (its role is named after the stack); absent on the public page. */
export async function getTemplateReview(input: { externalId?: string; stack?: { accountId: string; stackName: string } } = {}) {
  const env = getEnv();
  const review = await reviewCurrentTemplate({ vendorPrincipalArn: env.VENDOR_PRINCIPAL_ARN, externalId: input.externalId });
  const uses = roleUses({ verifyIntervalHours: env.VERIFY_INTERVAL_HOURS, assumeRoleRetrySeconds: env.ASSUME_ROLE_RETRY_SECONDS });
  // CloudFormation names the role <stack name>-Role-<random> (the template gives it no RoleName).
  const roleArnPattern = input.stack ? `arn:%:iam::${input.stack.accountId}:role/${input.stack.stackName}-%` : "arn:%:iam::%:role/%";
  return { review, uses, cloudTrailQuery: cloudTrailLakeQuery({ vendorPrincipalArn: env.VENDOR_PRINCIPAL_ARN, roleArnPattern }) };
}
