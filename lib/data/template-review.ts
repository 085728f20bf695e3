/**
 * The template review as pages show it. Public by design (no session check):
 * it describes the template anyone can download, and the External ID is
 * added only by callers that already own the connection.
 */
import "server-only";
import { getEnv } from "@/lib/env";
import { reviewCurrentTemplate } from "@/lib/cfn/review";
import { cloudTrailLakeQuery, roleUses } from "@/lib/connections/role-usage";

export async function getTemplateReview(input: { externalId?: string } = {}) {
  const env = getEnv();
  const review = await reviewCurrentTemplate({ vendorPrincipalArn: env.VENDOR_PRINCIPAL_ARN, externalId: input.externalId });
  const uses = roleUses({ verifyIntervalHours: env.VERIFY_INTERVAL_HOURS, assumeRoleRetrySeconds: env.ASSUME_ROLE_RETRY_SECONDS });
  return { review, uses, cloudTrailQuery: cloudTrailLakeQuery() };
}
