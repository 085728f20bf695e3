/**
 * Where webhook deliveries may go. In production: `https:` only, and never to
 * loopback, link-local (cloud metadata), private, CGNAT, multicast or
 * unspecified addresses. The host is resolved at connect time and every
 * address checked then (send.ts), so a DNS answer that changes after the URL
 * was accepted (rebinding) cannot reach an internal address either.
 * Development and test may use loopback and plain http (local receivers).
 */
import { BlockList, isIP } from "node:net";

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

export interface TargetPolicy {
  /** Loopback/private targets and http: allowed (development and test only). */
  allowInternal: boolean;
}

export function policyFor(nodeEnv: string | undefined): TargetPolicy {
  return { allowInternal: nodeEnv === "development" || nodeEnv === "test" };
}

/** True when an address must never be reached under this policy. IPv4-mapped IPv6 is checked as IPv4. */
export function isForbiddenAddress(address: string, policy: TargetPolicy): boolean {
  if (policy.allowInternal) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip);
  if (family === 0) return true;
  return blocked.check(ip, family === 4 ? "ipv4" : "ipv6");
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/** What an admin may register: checked again, per resolved address, on every delivery. */
export function checkEndpointUrl(raw: string, policy: TargetPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "Enter a full URL, like https://example.com/webhooks/rolelink." };
  }
  if (url.protocol !== "https:" && !(policy.allowInternal && url.protocol === "http:")) return { ok: false, message: "The URL must use https." };
  if (url.username || url.password) return { ok: false, message: "The URL must not contain a user name or password." };
  if (url.hash) return { ok: false, message: "The URL must not contain a #fragment." };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && isForbiddenAddress(host, policy)) return { ok: false, message: "The URL points at a private, loopback or link-local address." };
  if (!policy.allowInternal && (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local"))) {
    return { ok: false, message: "The URL points at an internal host name." };
  }
  return { ok: true, url };
}
