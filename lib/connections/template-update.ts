/**
 * "Update available": a live link whose stack reported an older template
 * version gets the changes since, a console link to update the stack to the
 * current template (same parameter values), and the CLI equivalent.
 */
import { getEnv, type Env } from "@/lib/env";
import { loadCustomerTemplate } from "@/lib/cfn/template";
import { changesSince } from "@/lib/cfn/review";
import { isOlderVersion } from "@/lib/cfn/template-version";
import { buildUpdateStackCommand, buildUpdateStackUrl } from "@/lib/cfn/launch-url";
import type { ChangelogEntry } from "@/lib/cfn/template-schema";
import { launchDetails } from "./launch";
import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

export interface TemplateUpdate {
  fromVersion: string | null;
  toVersion: string;
  changes: ChangelogEntry[];
  consoleUrl: string;
  cliCommand: string;
  templateUrl: string;
  /** The console keeps old parameters and gives a new one its default: the customer must see the value to check. */
  trustedRoleName: string;
}

/** Parameters every released version has had (since 1.0.0): an update keeps the stack's own values. */
const KEPT_PARAMETERS = ["ExternalId", "TrustedAccount", "SnsTopicArn"];

/** Statuses with a live stack worth updating (a pending or failed link is launched afresh instead). */
const UPDATABLE: ReadonlySet<ConnectionStatus> = new Set(["connected", "broken"]);

export function isOutdated(templateVersion: string | null, current = loadCustomerTemplate().version): boolean {
  return isOlderVersion(templateVersion, current);
}

export function templateUpdateFor(
  connection: {
    id: string;
    accountId: string;
    region: string;
    externalId: string;
    status: ConnectionStatus;
    stackId: string | null;
    templateVersion: string | null;
  },
  env: Env = getEnv(),
): TemplateUpdate | null {
  const current = loadCustomerTemplate().version;
  if (!UPDATABLE.has(connection.status) || !connection.stackId || !isOutdated(connection.templateVersion, current)) return null;
  const { parameters, templateUrl } = launchDetails(connection, env);
  const target = { region: connection.region, stackId: connection.stackId, templateUrl, parameters, keep: KEPT_PARAMETERS };
  return {
    fromVersion: connection.templateVersion,
    toVersion: current,
    changes: changesSince(connection.templateVersion),
    consoleUrl: buildUpdateStackUrl({ ...target, consoleOrigin: env.AWS_SANDBOX_URL }),
    cliCommand: buildUpdateStackCommand(target),
    templateUrl,
    trustedRoleName: parameters.TrustedRoleName ?? "",
  };
}
