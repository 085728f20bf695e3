/**
 * The client address for abuse limits. X-Forwarded-For is a list any client can
 * start; only its last entry was added by the proxy in front of us (the load
 * balancer, or Next's own server), so that is the one used. Without the header
 * every caller shares one "unknown" key, which the per-IP limits then cap together.
 */
const MAX = 64;

export function clientIp(headers: { get(name: string): string | null }): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").pop()?.trim();
  if (last) return last.slice(0, MAX);
  const real = headers.get("x-real-ip")?.trim();
  return real ? real.slice(0, MAX) : "unknown";
}
