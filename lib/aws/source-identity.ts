/** Names STS shows in the customer's CloudTrail, made to fit STS's rules. */

const ALLOWED = /[^\w+=,.@-]/g;

/** SourceIdentity: 2-64 chars of [\w+=,.@-], not starting "aws:" (":" is not allowed anyway). */
export function sanitizeSourceIdentity(input: string): string {
  let value = input.replace(ALLOWED, "-").slice(0, 64);
  if (/^aws/i.test(value)) value = `u-${value}`.slice(0, 64);
  return value.length >= 2 ? value : `${value}--`.slice(0, 2);
}

/** RoleSessionName: 2-64 chars of [\w+=,.@-]. */
export function sessionName(...parts: Array<string | number>): string {
  const value = parts.map(String).join("-").replace(ALLOWED, "-").slice(0, 64);
  return value.length >= 2 ? value : `${value}--`.slice(0, 2);
}
