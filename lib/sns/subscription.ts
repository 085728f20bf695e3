/** Confirms an SNS subscription by visiting the SubscribeURL of a verified confirmation message. */
import { AppError } from "@/lib/errors";
import { isTrustedSubscribeUrl } from "./trusted-urls";
import { SnsVerificationError, type VerifiedSnsMessage } from "./verify";

export const CONFIRM_SUBSCRIPTION_TIMEOUT_MS = 10_000;
/** The ConfirmSubscriptionResponse XML is a few hundred bytes. */
const MAX_RESPONSE_BYTES = 64 * 1024;

const SUBSCRIPTION_ARN = /<SubscriptionArn>\s*(arn:[^<\s]+)\s*<\/SubscriptionArn>/;

export async function confirmSubscription(
  message: VerifiedSnsMessage,
  options: { fetch?: typeof fetch; sandboxUrl?: string; timeoutMs?: number } = {},
): Promise<{ subscriptionArn?: string }> {
  if (message.Type === "Notification") throw new SnsVerificationError("malformed", "a Notification has no SubscribeURL");
  // Verified already, but the signature only proves AWS sent it, not that the URL is one we should call.
  if (!isTrustedSubscribeUrl(message.SubscribeURL, message.TopicArn, options.sandboxUrl)) {
    throw new SnsVerificationError("untrusted_subscribe_url");
  }
  const { fetch: doFetch = fetch, timeoutMs = CONFIRM_SUBSCRIPTION_TIMEOUT_MS } = options;
  let body: string;
  try {
    const response = await doFetch(new URL(message.SubscribeURL), {
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await response.text();
    if (!response.ok) throw new AppError("unavailable", `SNS refused the subscription confirmation (HTTP ${response.status})`);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("unavailable", "Could not reach SNS to confirm the subscription");
  }
  const arn = SUBSCRIPTION_ARN.exec(body.slice(0, MAX_RESPONSE_BYTES))?.[1];
  return arn === undefined ? {} : { subscriptionArn: arn };
}
