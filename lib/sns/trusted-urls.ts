/**
 * Which SigningCertURL / SubscribeURL values we are willing to fetch. A message
 * names its own certificate, so this check is what ties a signature to AWS.
 */

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The region of an SNS topic ARN (`arn:<partition>:sns:<region>:<account>:<name>`), or undefined. */
export function regionOfTopicArn(arn: string): string | undefined {
  const parts = arn.split(":");
  if (parts.length !== 6 || parts[0] !== "arn" || parts[2] !== "sns") return undefined;
  const region = parts[3];
  return region !== undefined && REGION.test(region) ? region : undefined;
}

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

function isSnsHost(url: URL, region: string): boolean {
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "" || url.port !== "") return false;
  // Exact comparison: suffix/prefix tricks (`...amazonaws.com.attacker.test`) and IP literals never match.
  const host = url.hostname;
  return host === `sns.${region}.amazonaws.com` || host === `sns.${region}.amazonaws.com.cn`;
}

// The sandbox setting is one string for the life of the process: parse it once, not per message.
let sandboxOrigin: { url: string; origin: string | undefined } | undefined;

function originOf(sandboxUrl: string): string | undefined {
  if (sandboxOrigin?.url !== sandboxUrl) {
    sandboxOrigin = { url: sandboxUrl, origin: URL.canParse(sandboxUrl) ? new URL(sandboxUrl).origin : undefined };
  }
  return sandboxOrigin.origin;
}

/** Only a loopback origin validated by lib/env ever reaches here; still, no userinfo. */
function isSandboxUrl(url: URL, sandboxUrl: string | undefined): boolean {
  if (!sandboxUrl || url.username !== "" || url.password !== "") return false;
  const origin = originOf(sandboxUrl);
  return origin !== undefined && origin !== "null" && url.origin === origin;
}

function checkSigningCertUrl(input: URL | string, topicRegion: string, sandboxUrl: string | undefined): URL | undefined {
  const url = toUrl(input);
  if (!url || !url.pathname.endsWith(".pem") || url.search !== "" || url.hash !== "") return undefined;
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
