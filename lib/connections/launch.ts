/** Everything the customer needs to create the stack: link, template, CLI command. */
import { getEnv, type Env } from "@/lib/env";
import { regionOfTopicArn } from "@/lib/aws/identifiers";
import { trustParameters } from "@/lib/cfn/template";
import { buildCreateStackCommand, buildQuickCreateUrl, buildTerraformSnippet, stackNameFor } from "@/lib/cfn/launch-url";

export interface LaunchDetails {
  quickCreateUrl: string;
  templateUrl: string;
  stackName: string;
  parameters: Record<string, string>;
  cliCommand: string;
  terraform: string;
}

export function launchDetails(
  connection: { id: string; accountId: string; region: string; externalId: string },
  env: Env = getEnv(),
): LaunchDetails {
  const topicArn = env.SNS_TOPIC_ARNS.find((arn) => regionOfTopicArn(arn) === connection.region);
  if (!topicArn) throw new Error(`no SNS topic configured for ${connection.region}`);
  const stackName = stackNameFor(env.STACK_NAME_PREFIX, connection.accountId, connection.id.slice(0, 8));
  const { TrustedAccount, TrustedRoleName } = trustParameters(env.VENDOR_PRINCIPAL_ARN);
  const parameters = { ExternalId: connection.externalId, TrustedAccount, TrustedRoleName, SnsTopicArn: topicArn };
  const common = { region: connection.region, templateUrl: env.TEMPLATE_URL, stackName, parameters };
  return {
    quickCreateUrl: buildQuickCreateUrl({ ...common, consoleOrigin: env.AWS_SANDBOX_URL }),
    templateUrl: env.TEMPLATE_URL,
    stackName,
    parameters,
    cliCommand: buildCreateStackCommand(common),
    terraform: buildTerraformSnippet(common),
  };
}
