/**
 * Where a verified SNS message goes: subscription bookkeeping, or a
 * CloudFormation request for the connection lifecycle. Returns what happened;
 * the route decides what that means in HTTP.
 */
import { getEnv } from "@/lib/env";
import { recordSubscriptionConfirmation, recordUnsubscribeConfirmation, type SubscriptionOutcome } from "@/lib/sns/subscription-messages";
import type { VerifiedSnsMessage } from "@/lib/sns/verify";
import { acceptCustomResourceRequest, type AcceptOutcome } from "./accept-request";

export type SnsMessageOutcome = SubscriptionOutcome | AcceptOutcome;

export async function receiveSnsMessage(message: VerifiedSnsMessage): Promise<SnsMessageOutcome> {
  switch (message.Type) {
    case "SubscriptionConfirmation":
      return recordSubscriptionConfirmation(message, getEnv().AWS_SANDBOX_URL);
    case "UnsubscribeConfirmation":
      return recordUnsubscribeConfirmation(message);
    case "Notification":
      return acceptCustomResourceRequest(message);
  }
}
