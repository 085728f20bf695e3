/**
 * What SNS's own subscription messages do. Each MessageId is recorded first,
 * so SNS's retries (same MessageId) are no-ops.
 */
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { log } from "@/lib/log";
import { confirmSubscription } from "./subscription";
import type { VerifiedSnsMessage } from "./verify";

export type SubscriptionOutcome = { kind: "confirmed" } | { kind: "unsubscribe_recorded" } | { kind: "duplicate" };

/** Records the MessageId; false when it was seen before. */
async function firstDelivery(message: VerifiedSnsMessage): Promise<boolean> {
  const inserted = await db.snsMessage.createMany({
    data: [{ messageId: message.MessageId, type: message.Type, topicArn: message.TopicArn }],
    skipDuplicates: true,
  });
  return inserted.count === 1;
}

export async function recordSubscriptionConfirmation(
  message: VerifiedSnsMessage,
  sandboxUrl: string | undefined,
): Promise<SubscriptionOutcome> {
  if (!(await firstDelivery(message))) return { kind: "duplicate" };
  try {
    const { subscriptionArn } = await confirmSubscription(message, { sandboxUrl });
    await db.$transaction(async (tx) => {
      await tx.snsSubscription.upsert({
        where: { topicArn: message.TopicArn },
        create: { topicArn: message.TopicArn, status: "confirmed", subscriptionArn, confirmedAt: new Date() },
        update: { status: "confirmed", subscriptionArn, confirmedAt: new Date() },
      });
      await recordEvent(
        {
          kind: "sns.subscription_confirmed",
          actor: "sns",
          detail: { topicArn: message.TopicArn, subscriptionArn: subscriptionArn ?? null },
        },
        tx,
      );
    });
    log.info("SNS subscription confirmed", { topicArn: message.TopicArn });
    return { kind: "confirmed" };
  } catch (error) {
    // Forget the MessageId so SNS's retry of this confirmation can succeed.
    await db.snsMessage.delete({ where: { messageId: message.MessageId } }).catch(() => {});
    throw error;
  }
}

export async function recordUnsubscribeConfirmation(message: VerifiedSnsMessage): Promise<SubscriptionOutcome> {
  if (!(await firstDelivery(message))) return { kind: "duplicate" };
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
  return { kind: "unsubscribe_recorded" };
}
