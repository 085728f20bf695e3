/**
 * Which SigningCertURL / SubscribeURL values we are willing to fetch. A message
 * names its own certificate, so this check is what ties a signature to AWS.
 */

import { regionOfTopicArn } from "@/lib/aws/identifiers";

export { regionOfTopicArn };

/**
 * A string is accepted only if it is already in WHATWG-normalised form, so the
 * URL we check is byte for byte the URL AWS signed and the one we fetch: no
 * percent-encoded hosts, upper case, default ports or backslashes to disagree on.
 */
function toUrl(input: URL | string): URL | undefined {
  if (typeof input !== "string") return input;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  return url.href === input ? url : undefined;
}

/** AWS's certificate file names: at the root, a fixed prefix, 32 lowercase hex digits. */
const CERTIFICATE_PATH = /^\/SimpleNotificationService-[0-9a-f]{32}\.pem$/;

function isSnsHost(url: URL, region: string): boolean {
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "" || url.port !== "") return false;
  // Exact comparison: suffix/prefix tricks (`...amazonaws.com.attacker.test`) and IP literals never match.
  // Only China's regions live under `.com.cn`: `sns.us-east-1.amazonaws.com.cn` is not an AWS host.
  return url.hostname === (region.startsWith("cn-") ? `sns.${region}.amazonaws.com.cn` : `sns.${region}.amazonaws.com`);
}

// The sandbox setting is one string for the life of the process: parse it once, not per message.
let sandboxOrigin: { url: string; origin: string | undefined } | undefined;

function originOf(sandboxUrl: string): string | undefined {
  if (sandboxOrigin?.url !== sandboxUrl) {
    sandboxOrigin = { url: sandboxUrl, origin: URL.canParse(sandboxUrl) ? new URL(sandboxUrl).origin : undefined };
  }
  return sandboxOrigin.origin;
}

/** Only a loopback origin validated by lib/env ever reaches here; still, no userinfo. The path rule is the caller's. */
function isSandboxUrl(url: URL, sandboxUrl: string | undefined): boolean {
  if (!sandboxUrl || url.username !== "" || url.password !== "") return false;
  const origin = originOf(sandboxUrl);
  return origin !== undefined && origin !== "null" && url.origin === origin;
}

function checkSigningCertUrl(input: URL | string, topicRegion: string, sandboxUrl: string | undefined): URL | undefined {
  const url = toUrl(input);
  // Origin and path, nothing else: `search`/`hash` read "" for a bare `?` or `#`, the href does not.
  // A `.pem`-suffixed path with a query on an AWS host once served attacker text (PROTOCOL.md).
  if (!url || url.href !== url.origin + url.pathname || !CERTIFICATE_PATH.test(url.pathname)) return undefined;
  return isSnsHost(url, topicRegion) || isSandboxUrl(url, sandboxUrl) ? url : undefined;
}

// Every message of a region names the same certificate URL: remember the few accepted ones so
// the hot path skips the URL parse. Only accepted URLs are kept, and only a handful.
const acceptedCertUrls = new Map<string, URL>();
const MAX_ACCEPTED_CERT_URLS = 64;

/** The parsed URL when it is one we may fetch a signing certificate from (parsing once for the caller). */
export function trustedSigningCertUrl(input: URL | string, topicRegion: string, sandboxUrl?: string): URL | undefined {
  if (typeof input !== "string") return checkSigningCertUrl(input, topicRegion, sandboxUrl);
  const key = topicRegion + " " + (sandboxUrl ?? "") + " " + input;
  const known = acceptedCertUrls.get(key);
  if (known) return known;
  const url = checkSigningCertUrl(input, topicRegion, sandboxUrl);
  if (url) {
    if (acceptedCertUrls.size >= MAX_ACCEPTED_CERT_URLS) acceptedCertUrls.clear();
    acceptedCertUrls.set(key, url);
  }
  return url;
}

export function isTrustedSigningCertUrl(input: URL | string, topicRegion: string, sandboxUrl?: string): boolean {
  return trustedSigningCertUrl(input, topicRegion, sandboxUrl) !== undefined;
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

export function isTrustedSubscribeUrl(input: URL | string, topicArn: string, sandboxUrl?: string): boolean {
  const url = toUrl(input);
  const region = regionOfTopicArn(topicArn);
  if (!url || !region || url.hash !== "") return false;
  if (!isSnsHost(url, region) && !isSandboxUrl(url, sandboxUrl)) return false;
  // One of each, so no parser downstream can pick a different Action or topic than we checked.
  return single(url.searchParams, "Action") === "ConfirmSubscription" && single(url.searchParams, "TopicArn") === topicArn;
}
