/**
 * Where webhook deliveries may go. In production: `https:` only, and never to
 * loopback, link-local (cloud metadata), private, CGNAT, multicast or
 * unspecified addresses. The host is resolved at connect time and every
 * address checked then (send.ts), so a DNS answer that changes after the URL
 * was accepted (rebinding) cannot reach an internal address either.
 * Development and test may use loopback, private addresses and plain http
 * (local receivers). A production build served on loopback only (where
 * lib/env.ts trusts the sandbox, e.g. the e2e suite) may reach loopback
 * receivers, like the sandbox's webhook inbox, and nothing else internal.
 */
import { BlockList, isIP } from "node:net";
import { servesLoopbackOnly } from "@/lib/env";

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

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

export interface TargetPolicy {
  /** Loopback/private targets and http: allowed (development and test only). */
  allowInternal: boolean;
  /** Loopback targets (over http too) allowed: wherever the server itself is reachable from this machine only. */
  allowLoopback: boolean;
}

export function policyFor(nodeEnv: string | undefined, appUrl?: string): TargetPolicy {
  return {
    allowInternal: nodeEnv === "development" || nodeEnv === "test",
    allowLoopback: servesLoopbackOnly({ NODE_ENV: nodeEnv, APP_URL: appUrl }),
  };
}

/** The policy of this process (NODE_ENV and APP_URL as lib/env.ts validated them at start-up). */
export function currentPolicy(): TargetPolicy {
  return policyFor(process.env.NODE_ENV, process.env.APP_URL);
}

function plainIp(address: string): { ip: string; family: "ipv4" | "ipv6" } | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip);
  return family === 0 ? null : { ip, family: family === 4 ? "ipv4" : "ipv6" };
}

function isLoopbackHost(host: string): boolean {
  if (host === "localhost") return true;
  const parsed = plainIp(host);
  return parsed !== null && loopback.check(parsed.ip, parsed.family);
}

/** True when an address must never be reached under this policy. IPv4-mapped IPv6 is checked as IPv4. */
export function isForbiddenAddress(address: string, policy: TargetPolicy): boolean {
  if (policy.allowInternal) return false;
  const parsed = plainIp(address);
  if (!parsed) return true;
  if (policy.allowLoopback && loopback.check(parsed.ip, parsed.family)) return false;
  return blocked.check(parsed.ip, parsed.family);
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
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const localReceiver = policy.allowInternal || (policy.allowLoopback && isLoopbackHost(host));
  if (url.protocol !== "https:" && !(localReceiver && url.protocol === "http:")) return { ok: false, message: "The URL must use https." };
  if (url.username || url.password) return { ok: false, message: "The URL must not contain a user name or password." };
  if (url.hash) return { ok: false, message: "The URL must not contain a #fragment." };
  if (isIP(host) && isForbiddenAddress(host, policy))
    return { ok: false, message: "The URL points at a private, loopback or link-local address." };
  if (!localReceiver && (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local"))) {
    return { ok: false, message: "The URL points at an internal host name." };
  }
  return { ok: true, url };
}
