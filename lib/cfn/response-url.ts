/**
 * Which ResponseURLs we will PUT to. The URL arrives in a request anyone
 * allowed to publish to our topic could forge, so without this check we would
 * be a proxy for requests to any host (SSRF). Only CloudFormation's response
 * buckets qualify, plus the loopback sandbox when one is configured.
 */

const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";

// cloudformation-custom-resource-response-<region without dashes> on one of S3's endpoint forms:
// .s3.amazonaws.com, .s3-<region>.amazonaws.com, .s3.<region>.amazonaws.com, and the .amazonaws.com.cn ones.
const RESPONSE_HOST = new RegExp(
  `^cloudformation-custom-resource-response-([a-z]{2}[a-z]+\\d)\\.(?:s3|s3-(${REGION})|s3\\.(${REGION}))\\.amazonaws\\.com(\\.cn)?$`,
);

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function isResponseBucketHost(hostname: string): boolean {
  const match = RESPONSE_HOST.exec(hostname);
  if (!match) return false;
  const [, compact, dashRegion, dotRegion, china] = match;
  const region = dashRegion ?? dotRegion;
  // The bucket's region and the endpoint's region must agree, and China buckets live only on .com.cn.
  if (region !== undefined && region.replace(/-/g, "") !== compact) return false;
  return Boolean(china) === Boolean(compact?.startsWith("cn"));
}

function isSandboxOrigin(url: URL, sandboxUrl: string): boolean {
  let sandbox: URL;
  try {
    sandbox = new URL(sandboxUrl);
  } catch {
    return false;
  }
  // Defence in depth: env validation already insists on loopback, but never trust anything else here.
  return LOOPBACK_HOSTS.has(sandbox.hostname) && url.origin === sandbox.origin;
}

export function isTrustedResponseUrl(url: URL, sandboxUrl?: string): boolean {
  // Userinfo can make a URL look like it goes somewhere it does not (https://bucket...@evil/).
  if (url.username !== "" || url.password !== "") return false;
  if (sandboxUrl !== undefined && isSandboxOrigin(url, sandboxUrl)) return true;
  return url.protocol === "https:" && url.port === "" && isResponseBucketHost(url.hostname);
}
