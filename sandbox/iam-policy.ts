/**
 * Just enough IAM policy evaluation for the sandbox's read APIs: a role's
 * resolved identity-based statements, an explicit Deny beating any Allow, and
 * IAM's `*` / `?` wildcards (actions case-insensitive, resources case-sensitive).
 */

export interface PolicyStatement {
  effect: "Allow" | "Deny";
  /** Action, or NotAction when `notAction` is set (likewise for resources). */
  actions: string[];
  notAction?: boolean;
  resources: string[];
  notResource?: boolean;
  /**
   * Conditions are not evaluated. An Allow with a condition never matches and a
   * Deny with one matches whenever its actions and resources do: fail closed.
   */
  conditional?: boolean;
}

export type PolicyDecision = "allowed" | "explicit-deny" | "implicit-deny";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return ([] as unknown[]).concat(value ?? []).filter((v): v is string => typeof v === "string");
}

/** The statements of one resolved PolicyDocument. */
export function statementsOf(document: unknown): PolicyStatement[] {
  const statements = isRecord(document) ? ([] as unknown[]).concat(document.Statement ?? []) : [];
  return statements.filter(isRecord).map((s) => ({
    effect: s.Effect === "Allow" ? "Allow" : "Deny",
    actions: strings(s.Action ?? s.NotAction),
    ...(s.NotAction !== undefined ? { notAction: true } : {}),
    resources: strings(s.Resource ?? s.NotResource),
    ...(s.NotResource !== undefined ? { notResource: true } : {}),
    ...(s.Condition !== undefined ? { conditional: true } : {}),
  }));
}

/** IAM wildcards: `*` any run of characters (also none), `?` exactly one. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}

function matches(statement: PolicyStatement, action: string, resource: string): boolean {
  const actionListed = statement.actions.some((a) => wildcardMatch(a, action, true));
  const resourceListed = statement.resources.some((r) => wildcardMatch(r, resource));
  return actionListed !== Boolean(statement.notAction) && resourceListed !== Boolean(statement.notResource);
}

export function evaluate(statements: PolicyStatement[], action: string, resource: string): PolicyDecision {
  if (statements.some((s) => s.effect === "Deny" && matches(s, action, resource))) return "explicit-deny";
  if (statements.some((s) => s.effect === "Allow" && !s.conditional && matches(s, action, resource))) return "allowed";
  return "implicit-deny";
}
