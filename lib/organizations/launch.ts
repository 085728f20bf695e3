/**
 * Everything the customer needs to launch the organization stack in the
 * management account: the quick-create link, the template, the CLI command.
 * The organization template is published beside the account template
 * (same folder as TEMPLATE_URL), which its StackSet deploys to members.
 */
import { getEnv, type Env } from "@/lib/env";
import { trustParameters } from "@/lib/cfn/template";
import { buildCreateStackCommand, buildQuickCreateUrl, stackNameFor } from "@/lib/cfn/launch-url";

export const ORG_TEMPLATE_FILE = "rolelink-org-management.yaml";

export interface OrganizationLaunchDetails {
  quickCreateUrl: string;
  templateUrl: string;
  stackName: string;
  parameters: Record<string, string>;
  cliCommand: string;
}

export function organizationTemplateUrl(env: Env = getEnv()): string {
  return new URL(ORG_TEMPLATE_FILE, env.TEMPLATE_URL).toString();
}

export function organizationLaunchDetails(
  link: { id: string; managementAccountId: string; region: string; externalId: string; targets: string[]; callAs: string },
  env: Env = getEnv(),
): OrganizationLaunchDetails {
  const topicArn = env.SNS_TOPIC_ARNS.find((arn) => arn.split(":")[3] === link.region);
  if (!topicArn) throw new Error(`no SNS topic configured for ${link.region}`);
  const { TrustedAccount, TrustedRoleName } = trustParameters(env.VENDOR_PRINCIPAL_ARN);
  const parameters = {
    ExternalId: link.externalId,
    TrustedAccount,
    TrustedRoleName,
    SnsTopicArn: topicArn,
    MemberTemplateURL: env.TEMPLATE_URL,
    OrganizationalUnitIds: link.targets.join(","),
    CallAs: link.callAs,
  };
  const templateUrl = organizationTemplateUrl(env);
  const stackName = stackNameFor(`${env.STACK_NAME_PREFIX}-org`, link.managementAccountId, link.id.slice(0, 8));
  const common = { region: link.region, templateUrl, stackName, parameters };
  return {
    quickCreateUrl: buildQuickCreateUrl({ ...common, consoleOrigin: env.AWS_SANDBOX_URL }),
    templateUrl,
    stackName,
    parameters,
    cliCommand: buildCreateStackCommand(common),
  };
}
