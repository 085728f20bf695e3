/** Names STS shows in the customer's CloudTrail, made to fit STS's rules. */

const DISALLOWED = /[^\w+=,.@-]/g;
const MAX = 64;

function fit(value: string): string {
  const trimmed = value.slice(0, MAX);
  // STS wants at least 2 characters; pad rather than fail the call.
  return trimmed.length >= 2 ? trimmed : trimmed.padEnd(2, "-");
}

/**
 * SourceIdentity: 2-64 chars of [\w+=,.@-], not starting "aws:". Replacing ":"
 * already rules that prefix out; it is checked anyway so the rule holds even if
 * the allowed set changes.
 */
export function sanitizeSourceIdentity(input: string): string {
  let value = input.replace(DISALLOWED, "-");
  if (/^aws:/i.test(value)) value = `u-${value}`;
  return fit(value);
}

/**
 * Every SourceIdentity rolelink sets starts with this. Customer roles (template
 * 2.0.0 and later) require it in their trust policy (StringLike rolelink*), so
 * an AssumeRole without it, or naming someone else, is refused by AWS.
 */
export const SOURCE_IDENTITY_PREFIX = "rolelink";

export type SourceIdentityOf =
  { kind: "system" } | { kind: "onboarding" } | { kind: "admin"; email: string } | { kind: "api-key"; prefix: string };

/** The SourceIdentity in the customer's CloudTrail for each kind of caller; the prefix survives truncation. */
export function sourceIdentityFor(who: SourceIdentityOf): string {
  if (who.kind === "admin") return sanitizeSourceIdentity(`${SOURCE_IDENTITY_PREFIX}-${who.email}`);
  if (who.kind === "api-key") return sanitizeSourceIdentity(`${SOURCE_IDENTITY_PREFIX}-key-${who.prefix}`);
  return `${SOURCE_IDENTITY_PREFIX}-${who.kind}`;
}

/** RoleSessionName: 2-64 chars of [\w+=,.@-]; the prefix comes first so it survives truncation. */
export function sessionName(prefix: string, ...parts: Array<string | number>): string {
  return fit([prefix, ...parts].map(String).join("-").replace(DISALLOWED, "-"));
}
