/**
 * What a verified SNS message does. Each MessageId is recorded first, in the
 * same transaction as its effect, so SNS's retries (same MessageId) are no-ops.
 */
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { log } from "@/lib/log";
import { getEnv } from "@/lib/env";
import { confirmSubscription } from "./subscription";
import type { VerifiedSnsMessage } from "./verify";
import { acceptCustomResourceRequest } from "@/lib/onboarding/accept-request";

export interface SnsOutcome {
  status: number;
  result: string;
}

/** Records the MessageId; false when it was seen before. */
async function firstDelivery(message: VerifiedSnsMessage): Promise<boolean> {
  const inserted = await db.snsMessage.createMany({
    data: [{ messageId: message.MessageId, type: message.Type, topicArn: message.TopicArn }],
    skipDuplicates: true,
  });
  return inserted.count === 1;
}

export async function handleSnsMessage(message: VerifiedSnsMessage): Promise<SnsOutcome> {
  switch (message.Type) {
    case "SubscriptionConfirmation":
      return handleSubscriptionConfirmation(message);
    case "UnsubscribeConfirmation":
      return handleUnsubscribeConfirmation(message);
    case "Notification":
      return acceptCustomResourceRequest(message);
  }
}

async function handleSubscriptionConfirmation(message: VerifiedSnsMessage): Promise<SnsOutcome> {
  if (!(await firstDelivery(message))) return { status: 200, result: "duplicate" };
  try {
    const { subscriptionArn } = await confirmSubscription(message, { sandboxUrl: getEnv().AWS_SANDBOX_URL });
    await db.$transaction(async (tx) => {
      await tx.snsSubscription.upsert({
        where: { topicArn: message.TopicArn },
        create: { topicArn: message.TopicArn, status: "confirmed", subscriptionArn, confirmedAt: new Date() },
        update: { status: "confirmed", subscriptionArn, confirmedAt: new Date() },
      });
      await recordEvent({ kind: "sns.subscription_confirmed", actor: "sns", detail: { topicArn: message.TopicArn, subscriptionArn: subscriptionArn ?? null } }, tx);
    });
    log.info("SNS subscription confirmed", { topicArn: message.TopicArn });
    return { status: 200, result: "confirmed" };
  } catch (error) {
    // Forget the MessageId so SNS's retry of this confirmation can succeed.
    await db.snsMessage.delete({ where: { messageId: message.MessageId } }).catch(() => {});
    throw error;
  }
}

async function handleUnsubscribeConfirmation(message: VerifiedSnsMessage): Promise<SnsOutcome> {
  if (!(await firstDelivery(message))) return { status: 200, result: "duplicate" };
  // Never resubscribe on our own: an operator decides (the event is on the admin dashboard).
  await db.$transaction(async (tx) => {
    await tx.snsSubscription.upsert({
      where: { topicArn: message.TopicArn },
      create: { topicArn: message.TopicArn, status: "unsubscribed" },
      update: { status: "unsubscribed" },
    });
    await recordEvent({ kind: "sns.unsubscribed", actor: "sns", detail: { topicArn: message.TopicArn } }, tx);
  });
  log.warn("SNS subscription removed; rolelink will receive nothing from this topic", { topicArn: message.TopicArn });
  return { status: 200, result: "unsubscribe_recorded" };
}
